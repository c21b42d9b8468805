/*
 * report_exact.h - for tests only: a Report with every figure exact and
 * nothing suppressed, to compare with a brute-force reading of the stored
 * answers. Nothing that shows figures to a person includes this header.
 */
#ifndef VAKSAM_REPORT_EXACT_H
#define VAKSAM_REPORT_EXACT_H

#include "report.h"

int report_build_exact(Store *s, const ReportFilter *f, Report *out,
                       VkError *err);

#endif
