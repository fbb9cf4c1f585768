package io.github.jvi.vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.vae.data.IdxWriter;
import io.github.jvi.vae.model.LatentConfig;
import io.github.jvi.vae.objective.GradientEstimator;
import io.github.jvi.vae.objective.ObjectiveKind;
import io.github.jvi.vae.train.Checkpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jvi vae train} with --objective, --k, --estimator and --latent. */
class VaeCliObjectivesTest {
  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    CommandLine cl = new CommandLine(new VaeCommand());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      err.write("jvi: " + ex.getMessage());
      return 2;
    });
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void everyLatentTrainsWithTheChosenObjectiveAndEvaluates() throws Exception {
    Path data = Files.createDirectories(dir.resolve("mnist"));
    IdxWriter.mnistDir(data, 48, 24, true);
    String[][] variants = {
        {"--latent", "categorical", "--latent-dim", "3", "--categories", "4", "--objective", "iwae", "--k", "3",
            "--estimator", "stl", "--straight-through"},
        {"--latent", "gm", "--latent-dim", "2", "--components", "3"},
        {"--latent", "hierarchical", "--latent-dim", "3", "--top-dim", "2", "--estimator", "stl"},
    };
    for (String[] v : variants) {
      Path model = dir.resolve(v[1] + ".zip");
      String[] base = {"train", "--model", model.toString(), "--epochs", "1", "--hidden", "8", "--batch-size", "16",
          "--data", data.toString(), "--json"};
      String[] args = new String[base.length + v.length];
      System.arraycopy(base, 0, args, 0, base.length);
      System.arraycopy(v, 0, args, base.length, v.length);
      Run t = run(args);
      assertEquals(0, t.code(), t.err());
      assertTrue(t.out().contains("\"latent\":\"" + v[1] + "\""), t.out());
      Checkpoint c = Checkpoint.load(model);
      assertEquals(LatentConfig.Kind.of(v[1]), c.modelConfig().latent().kind());
      Run e = run("evaluate", "--model", model.toString(), "--iw-samples", "5", "--data", data.toString(), "--json");
      assertEquals(0, e.code(), e.err());
      assertTrue(e.out().contains("\"test_iwelbo\""), e.out());
    }
    Checkpoint cat = Checkpoint.load(dir.resolve("categorical.zip"));
    assertEquals(ObjectiveKind.IWAE, cat.trainConfig().objective());
    assertEquals(3, cat.trainConfig().k());
    assertEquals(GradientEstimator.STL, cat.trainConfig().estimator());
    assertEquals(4, cat.modelConfig().latent().categories());
    assertTrue(cat.modelConfig().latent().straightThrough());
    assertEquals(2, Checkpoint.load(dir.resolve("hierarchical.zip")).modelConfig().latent().topDim());
  }

  @Test
  void helpExplainsTheOptionsAndBadValuesAreUserErrors() {
    Run h = run("train", "--help");
    assertEquals(0, h.code());
    for (String opt : new String[] {"--objective", "--k", "--estimator", "--latent", "--categories", "--top-dim",
        "--tau-rate", "--straight-through", "sticking the landing", "Gumbel-Softmax"}) {
      assertTrue(h.out().contains(opt), opt + " missing from:\n" + h.out());
    }
    Run bad = run("train", "--model", dir.resolve("x.zip").toString(), "--estimator", "reinforce", "--data", dir.toString());
    assertNotEquals(0, bad.code());
    assertTrue(bad.err().contains("estimator must be standard or stl"), bad.err());
    Run k = run("train", "--model", dir.resolve("y.zip").toString(), "--k", "5", "--data", dir.toString());
    assertNotEquals(0, k.code());
    assertTrue(k.err().contains("the ELBO takes k = 1"), k.err());
    Run latent = run("train", "--model", dir.resolve("z.zip").toString(), "--latent", "vq", "--data", dir.toString());
    assertTrue(latent.err().contains("latent must be gaussian, categorical, gm or hierarchical"), latent.err());
  }
}
