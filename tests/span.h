/*
 * span.h - the adversary's linear algebra (test_privacy.c): whether a set
 * of cells is a linear combination of published sets of cells, and which.
 */
#ifndef VAKSAM_SPAN_H
#define VAKSAM_SPAN_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#ifndef NCELLS
#error "define NCELLS, the number of cells, before including span.h"
#endif

/* A linear combination of the rows (sets of cells, as bits) that gives the
 * cells of target exactly, in alpha: Gram-Schmidt over the rows, keeping
 * each basis vector as a combination of rows. False when target is not in
 * their span. */
static bool span_solve(const uint32_t *rows, int nrows, uint32_t target,
                       double *alpha)
{
    enum { MAXB = NCELLS };
    static double q[MAXB][NCELLS], beta[MAXB][4096];
    int nb = 0;
    for (int i = 0; i < nrows && nb < MAXB; i++) {
        double v[NCELLS], b[4096] = {0};
        for (int c = 0; c < NCELLS; c++)
            v[c] = (rows[i] >> c) & 1u;
        b[i] = 1;
        for (int j = 0; j < nb; j++) {
            double d = 0;
            for (int c = 0; c < NCELLS; c++)
                d += v[c] * q[j][c];
            for (int c = 0; c < NCELLS; c++)
                v[c] -= d * q[j][c];
            for (int r = 0; r < nrows; r++)
                b[r] -= d * beta[j][r];
        }
        double norm = 0;
        for (int c = 0; c < NCELLS; c++)
            norm += v[c] * v[c];
        if (norm < 1e-9)
            continue;
        norm = sqrt(norm);
        for (int c = 0; c < NCELLS; c++)
            q[nb][c] = v[c] / norm;
        for (int r = 0; r < nrows; r++)
            beta[nb][r] = b[r] / norm;
        nb++;
    }
    double t[NCELLS], rest = 0;
    for (int c = 0; c < NCELLS; c++)
        t[c] = (target >> c) & 1u;
    memset(alpha, 0, (size_t)nrows * sizeof *alpha);
    for (int j = 0; j < nb; j++) {
        double d = 0;
        for (int c = 0; c < NCELLS; c++)
            d += t[c] * q[j][c];
        for (int c = 0; c < NCELLS; c++)
            t[c] -= d * q[j][c];
        for (int r = 0; r < nrows; r++)
            alpha[r] += d * beta[j][r];
    }
    for (int c = 0; c < NCELLS; c++)
        rest += t[c] * t[c];
    return rest < 1e-9;
}

#endif
