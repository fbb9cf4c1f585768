package io.github.jvi.vae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.vae.data.IdxWriter;
import io.github.jvi.vae.train.Checkpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VaeCliTest {
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
  void trainSampleEvaluateAndPlotFromTheModelFileAlone() throws Exception {
    Path data = Files.createDirectories(dir.resolve("mnist"));
    IdxWriter.mnistDir(data, 64, 40, true);
    Path model = dir.resolve("m.zip");
    Run t = run("train", "--model", model.toString(), "--latent-dim", "3", "--epochs", "2", "--hidden", "16",
        "--batch-size", "32", "--data", data.toString(), "--prior", "mog", "--components", "3", "--json");
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("\"test_elbo\"") && t.out().contains("\"epochs\":2"), t.out());
    Checkpoint c = Checkpoint.load(model);
    assertEquals(3, c.modelConfig().latentDim());
    assertEquals("mog", c.modelConfig().prior().id());
    Run e = run("evaluate", "--model", model.toString(), "--iw-samples", "7", "--data", data.toString(), "--json");
    assertEquals(0, e.code(), e.err());
    for (String key : new String[] {"test_elbo", "reconstruction", "kl", "test_iwelbo", "iw_samples"}) {
      assertTrue(e.out().contains("\"" + key + "\""), e.out());
    }
    assertTrue(e.out().contains("\"iw_samples\":7"), e.out());
    Path png = dir.resolve("s.png");
    assertEquals(0, run("sample", "--model", model.toString(), "--samples", png.toString(), "--mean").code());
    assertTrue(Files.size(png) > 100);
    Path post = dir.resolve("p.png");
    Run p = run("posterior", "--model", model.toString(), "--plot", post.toString(), "--data", data.toString());
    assertEquals(0, p.code(), p.err());
    assertTrue(Files.size(post) > 1000);
    // resume to 3 epochs from the same file
    Run r = run("train", "--model", model.toString(), "--epochs", "3", "--resume", "--data", data.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(3, Checkpoint.load(model).epoch());
  }

  @Test
  void userErrorsAreReportedNotThrown() throws Exception {
    Run missing = run("evaluate", "--model", dir.resolve("nope.zip").toString());
    assertNotEquals(0, missing.code());
    assertTrue(missing.err().contains("does not exist"), missing.err());
    Run badPrior = run("train", "--model", dir.resolve("x.zip").toString(), "--prior", "laplace", "--data", dir.toString());
    assertNotEquals(0, badPrior.code());
    assertTrue(badPrior.err().contains("prior must be gaussian or mog"), badPrior.err());
    Run noData = run("train", "--model", dir.resolve("y.zip").toString(), "--data", dir.resolve("empty").toString());
    assertNotEquals(0, noData.code());
    assertTrue(noData.err().contains("train-images-idx3-ubyte.gz"), noData.err());
  }
}
