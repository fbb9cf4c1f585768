package io.github.jvi.vi.divergence;

/**
 * A Gaussian q = N(mu, sigma^2) fitted by minimising a KL divergence.
 *
 * @param mu the mean
 * @param sigma the standard deviation
 * @param kl the divergence at (mu, sigma)
 * @param gradientNorm the Euclidean norm of its gradient in (mu, log sigma) there
 * @param iterations the iterations used (0 for a closed form)
 */
public record GaussianFit(double mu, double sigma, double kl, double gradientNorm, int iterations) {}
