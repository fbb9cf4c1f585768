/**
 * Accuracy at the extremes (issue 13, section 4): closed-form KL between nearly equal
 * distributions and the saddle-point log densities, against exact references computed with
 * mpmath at 80 digits ({@code verification/reference/near_kl_reference.py}, committed as CSV
 * resources next to these checks).
 */
package io.github.jvi.verification.accuracy;
