// free_port.js: prints a TCP port on 127.0.0.1 that nothing listens on.
'use strict';
const s = require('net').createServer();
s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });
