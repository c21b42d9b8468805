/*
 * report_server.h - a Report from the rows a server publishes
 * (store_published_report): the report of a store whose server applies
 * the publication rule itself. Inside the report only.
 */
#ifndef VAKSAM_REPORT_SERVER_H
#define VAKSAM_REPORT_SERVER_H

#include "report.h"

/* The trend's periods of r->filter.period (report.c). */
void report_plan_trend(Report *r);
/* The report of f as the server publishes it; r->filter.k is the k it
 * was published with. The caller frees with report_free. */
int report_from_server(Store *s, const ReportFilter *f, Report *out,
                       VkError *err);

#endif
