/*
 * speech.h - speaking what the learner has in focus, for screen-reader
 * users: through speech-dispatcher's libspeechd, loaded when speech is
 * turned on (so Vaksam neither needs it to build nor to run: without it,
 * nothing is said and nothing breaks), or, when $VAKSAM_SPEECH_SINK names
 * a file, as lines appended to that file (the tests' listener).
 */
#ifndef VAKSAM_SPEECH_H
#define VAKSAM_SPEECH_H

typedef struct Speech Speech;

/* Opens the voice, or NULL when there is none to open. */
Speech *speech_open(void);
/* Says text, cutting off what was being said. */
void speech_say(Speech *s, const char *text);
void speech_close(Speech *s);

struct UI;
/* Says what the focused control of the frame in ui shows (its lines of
 * text, in order) when that has changed since the last time: a new
 * question's text, a choice, a button. */
void speech_follow(Speech *s, const struct UI *ui);

#endif
