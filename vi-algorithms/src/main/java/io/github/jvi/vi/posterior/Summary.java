package io.github.jvi.vi.posterior;

/** A scalar's posterior summary from draws: mean, standard deviation, 5%, 50% and 95% quantiles. */
public record Summary(double mean, double sd, double q5, double q50, double q95) {}
