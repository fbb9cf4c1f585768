/**
 * Property suites for the VAE module: float64 finite-difference checks of every model's loss
 * gradient, the closed-form Gaussian KL against its Monte Carlo estimate, ELBO &lt;= IWELBO_K &lt;=
 * log p(x) on a model whose evidence is integrated by quadrature, bit-exact checkpoint reloads, and
 * the MNIST reader's rejection of malformed IDX files.
 */
package io.github.jvi.verification.vae;
