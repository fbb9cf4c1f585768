package io.github.jvi.vi.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.Init;
import io.github.jvi.vi.spark.SparkFit;
import io.github.jvi.vi.spark.SparkGmmJob;
import io.github.jvi.vi.svi.SviOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code --spark MASTER} paths of {@code jvi cavi gmm} and {@code jvi svi gmm}. Spark's classes
 * are loaded only here, when such a command runs; without Spark on the classpath the command says so.
 */
final class SparkCommands {
  private SparkCommands() {}

  static Map<String, Object> caviGmm(String master, Path data, Integer partitions, GmmPrior prior, int maxIter,
      double tol, Init init, long seed) {
    try (SparkGmmJob job = open(master, data, partitions); CaviThreads scope = CaviThreads.sparkLocal(master)) {
      BayesianGmm model = prior.model(job.dimension(), job.mean(), job.covariance());
      SparkFit fit = job.cavi(model, maxIter, tol, init, seed);
      Map<String, Object> out = GmmPrior.summary(fit.n(), fit.globals(), fit.elbo());
      out.put("iterations", fit.iterations());
      out.put("converged", fit.converged());
      out.put("elbo_trace", fit.elboTrace());
      out.put("iteration_seconds", fit.iterationSeconds());
      out.put("spark", CaviCommand.ordered("master", master, "partitions", job.centredBlocks().getNumPartitions()));
      out.put("q", GmmPrior.factors(fit.globals()));
      return out;
    }
  }

  static Map<String, Object> sviGmm(String master, Path data, Integer partitions, GmmPrior prior, SviOptions o) {
    try (SparkGmmJob job = open(master, data, partitions); CaviThreads scope = CaviThreads.sparkLocal(master)) {
      BayesianGmm model = prior.model(job.dimension(), job.mean(), job.covariance());
      SparkFit fit = job.svi(model, o);
      Map<String, Object> out = GmmPrior.summary(fit.n(), fit.globals(), fit.elbo());
      out.put("steps", fit.iterations());
      out.put("batch", o.batch());
      out.put("passes", o.passes());
      out.put("kappa", o.kappa());
      out.put("tau", o.tau());
      out.put("step_seconds", fit.iterationSeconds());
      out.put("spark", CaviCommand.ordered("master", master, "partitions", job.centredBlocks().getNumPartitions()));
      out.put("q", GmmPrior.factors(fit.globals()));
      return out;
    }
  }

  private static SparkGmmJob open(String master, Path data, Integer partitions) {
    try {
      return SparkGmmJob.open(master, data.toAbsolutePath().toString(), partitions);
    } catch (NoClassDefFoundError e) {
      throw new Cli.UserError("--spark needs Apache Spark (spark-core_2.12 3.5) on the classpath: " + e.getMessage());
    } catch (IllegalStateException e) {
      throw new Cli.UserError(e.getMessage());
    }
  }
}
