package io.github.jvi.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvi.core.autodiff.Gradients;
import io.github.jvi.core.autodiff.Var;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.gpu.Rng;
import io.github.jvi.verification.support.Stats;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The README's Java example, so that the README cannot rot: its {@code java} block is extracted
 * from README.md (found by walking up from the working directory: the module directory under
 * {@code mvn test}, the repository root under {@code ./jvi verify}), compiled at run time with the
 * JDK's compiler against the running class path, run, and its stated results asserted:
 * KL(N(0.5, 1.2^2) || N(0, 1)) is the closed form log(1/1.2) + (1.2^2 + 0.5^2)/2 - 1/2,
 * dKL/dmu = mu = 0.5, and the Monte Carlo estimate lies within 6 standard errors of it (fixed seed
 * 42, as in the README). The same example is also written out below as plain code, so that it is
 * checked where no README or compiler is at hand (a jar run elsewhere).
 */
class ReadmeExampleChecks {
  // the textbook closed form for these parameters
  static final double KL = Math.log(1 / 1.2) + (1.44 + 0.25) / 2 - 0.5;

  /** README.md of the repository that contains the working directory, or null. */
  static Path readme() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path r = dir.resolve("README.md");
      if (Files.isRegularFile(r) && Files.isDirectory(dir.resolve("verification"))) {
        return r;
      }
    }
    return null;
  }

  /** The README's first ```java block that contains {@code marker}. */
  static String javaBlock(String readme, String marker) {
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    while (m.find()) {
      if (m.group(1).contains(marker)) {
        return m.group(1);
      }
    }
    throw new AssertionError("README.md has no ```java block containing " + marker);
  }

  /** The README's distribution example (the block with Kl.divergence). */
  static String javaBlock(String readme) {
    return javaBlock(readme, "Kl.divergence(q, p)");
  }

  /**
   * The README's own-model example (the block with Model.builder), compiled and run from the
   * repository root: it must fit, and beta[2]'s mean must be within 0.1 posterior sd of
   * posteriordb's reference (0.60863, sd 0.0590; Stan NUTS). Deterministic (fixed seeds in the
   * example); ADVI's error there is about 0.03 sd, so the check has room without being loose.
   */
  @Test
  void readmeModelExampleFits(@TempDir Path dir) throws Exception {
    Path readme = readme();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    org.junit.jupiter.api.Assumptions.assumeTrue(readme != null && javac != null,
        "needs the repository's README.md and a JDK compiler");
    String block = javaBlock(Files.readString(readme), "Model.builder(");
    Path root = readme.getParent();
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : block.split("\n")) {
      if (line.startsWith("import ")) {
        imports.append(line).append('\n');
      } else {
        body.append(line.replace("java.nio.file.Path.of(\"", "java.nio.file.Path.of(ROOT, \"")).append('\n');
      }
    }
    String source = imports + "public final class ReadmeModelExample implements java.util.function.Supplier<Object[]> {\n"
        + "  public static String ROOT = \"\";\n"
        + "  public Object[] get() {\n" + body + "    return new Object[] {fit, draws};\n  }\n}\n";
    Path src = dir.resolve("ReadmeModelExample.java");
    Files.writeString(src, source);
    StringWriter diagnostics = new StringWriter();
    boolean ok = javac.getTask(diagnostics, null, null,
        List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), "-proc:none"), null,
        javac.getStandardFileManager(null, null, null).getJavaFileObjects(src.toFile())).call();
    assertTrue(ok, "the README's model example does not compile:\n" + diagnostics + "\n" + source);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> c = loader.loadClass("ReadmeModelExample");
      c.getDeclaredField("ROOT").set(null, root.toString());
      @SuppressWarnings("unchecked")
      Supplier<Object[]> example = (Supplier<Object[]>) c.getDeclaredConstructor().newInstance();
      Object[] out = example.get();
      io.github.jvi.vi.posterior.PosteriorDraws draws = (io.github.jvi.vi.posterior.PosteriorDraws) out[1];
      double mean = draws.summary("beta[2]").mean();
      assertEquals(0.60863, mean, 0.1 * 0.0590, "beta[2]'s posterior mean against posteriordb's reference");
    }
  }

  private static void assertStatedResults(double kl, double mc, double dKlDMu) {
    assertEquals(KL, kl, 1e-15, "KL closed form");
    assertEquals(0.5, dKlDMu, 1e-15, "dKL/dmu, stated in the README as '= mu = 0.5'");
    // the same draws as the README's Kl.monteCarlo(q, p, 10_000, Rng.of(42)): their standard error
    double[] r = Stats.values(Kl.logRatios(Normal.of(0.5, 1.2), Normal.of(0, 1), 10_000, Rng.of(42)).value());
    assertEquals(Stats.mean(r), mc, 1e-12, "Monte Carlo estimate");
    assertEquals(KL, mc, 6 * Stats.standardError(r), "Monte Carlo within 6 standard errors");
  }

  @Test
  void readmeExampleCompilesRunsAndGivesItsStatedResult(@TempDir Path dir) throws Exception {
    Path readme = readme();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (readme == null || javac == null) {
      // a jar run outside the repository (or on a JRE): the embedded copy below is what is checked
      embeddedCopyOfTheExample();
      return;
    }
    String block = javaBlock(Files.readString(readme));
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : block.split("\n")) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    String source = imports + "public final class ReadmeExample implements java.util.function.Supplier<java.util.Map<String, Object>> {\n"
        + "  public java.util.Map<String, Object> get() {\n" + body
        + "    return java.util.Map.of(\"kl\", kl.item(), \"mc\", mc.item(), \"dKl_dMu\", dKl_dMu);\n  }\n}\n";
    Path src = dir.resolve("ReadmeExample.java");
    Files.writeString(src, source);
    StringWriter diagnostics = new StringWriter();
    boolean ok = javac.getTask(diagnostics, null, null,
        List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), "-proc:none"), null,
        javac.getStandardFileManager(null, null, null).getJavaFileObjects(src.toFile())).call();
    assertTrue(ok, "the README's java block does not compile:\n" + diagnostics + "\n" + source);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      @SuppressWarnings("unchecked")
      Supplier<Map<String, Object>> example = (Supplier<Map<String, Object>>) loader.loadClass("ReadmeExample")
          .getDeclaredConstructor().newInstance();
      Map<String, Object> out = example.get();
      assertNotNull(out);
      assertStatedResults((Double) out.get("kl"), (Double) out.get("mc"), (Double) out.get("dKl_dMu"));
    }
  }

  @Test
  void embeddedCopyOfTheExample() {
    Var mu = Var.param(Nd4j.scalar(0.5));
    Var sigma = Var.param(Nd4j.scalar(1.2));
    Normal q = Normal.of(mu, sigma);
    Normal p = Normal.of(0, 1);
    Var kl = Kl.divergence(q, p);
    Var mc = Kl.monteCarlo(q, p, 10_000, Rng.of(42));
    Gradients g = Gradients.of(kl);
    double dKlDMu = g.get(mu).getDouble(0);
    assertStatedResults(kl.item(), mc.item(), dKlDMu);
  }

  @Test
  void readmeErrorMessageIsTheOneThrown() throws Exception {
    // the README quotes `scale must be finite and > 0, found NaN`
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Normal.of(0, Double.NaN));
    assertEquals("scale must be finite and > 0, found NaN", e.getMessage());
    Path readme = readme();
    if (readme != null) {
      assertTrue(Files.readString(readme).contains("`" + e.getMessage() + "`"), "README quotes the message");
    }
  }
}
