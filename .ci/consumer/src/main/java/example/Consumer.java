package example;

import io.github.jvi.core.distribution.Gamma;
import io.github.jvi.core.distribution.Normal;
import io.github.jvi.core.kl.Kl;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.data.Dataset;
import io.github.jvi.vae.eval.Evaluator;
import io.github.jvi.vae.model.VaeConfig;
import io.github.jvi.vae.train.TrainConfig;
import io.github.jvi.vae.train.Trainer;
import io.github.jvi.vae.train.TrainingListener;
import io.github.jvi.vi.cavi.BayesianGmm;
import io.github.jvi.vi.cavi.BayesianGmmFit;
import io.github.jvi.vi.cavi.CaviOptions;
import io.github.jvi.vi.cavi.Threading;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Uses each jvi module once, as a library user would, and checks the answers. Exit status 1 on failure. */
public final class Consumer {
  private Consumer() {}

  private static void check(boolean ok, String what) {
    if (!ok) {
      System.err.println("consumer-check: FAILED: " + what);
      System.exit(1);
    }
  }

  public static void main(String[] args) {
    // no command-line framework on the classpath
    for (String cls : new String[] {"picocli.CommandLine", "me.tongfei.progressbar.ProgressBar"}) {
      boolean present;
      try {
        Class.forName(cls);
        present = true;
      } catch (ClassNotFoundException e) {
        present = false;
      }
      check(!present, cls + " is on the classpath");
    }
    // inference-core: a closed-form KL
    double kl = Kl.divergence(Normal.of(0, 1), Normal.of(1, 2)).item();
    double exact = Math.log(2) + (1 + 1) / (2 * 4.0) - 0.5;
    check(Math.abs(kl - exact) < 1e-12, "KL(N(0,1) || N(1,2)) = " + kl + ", expected " + exact);
    check(Math.abs(Gamma.of(2, 4).mean().item() - 0.5) < 1e-15, "Gamma(shape 2, rate 4) mean");
    // vi-algorithms: the Bayesian GMM with its data-dependent prior, on two threads
    Rng rng = Rng.of(1);
    double[][] x = new double[400][2];
    for (int i = 0; i < x.length; i++) {
      double c = i % 2 == 0 ? -4 : 4;
      x[i][0] = c + rng.nextGaussian();
      x[i][1] = -c + rng.nextGaussian();
    }
    INDArray data = Nd4j.createFromArray(x);
    BayesianGmm model = BayesianGmm.fromData(data, 2);
    BayesianGmmFit seq = model.fit(data, CaviOptions.defaults(), Rng.of(2));
    BayesianGmmFit par = model.fit(data, CaviOptions.defaults().withThreading(Threading.threads(2)), Rng.of(2));
    check(seq.elbo() == par.elbo(), "the fit depends on the thread count");
    double[] w = seq.weights();
    check(Math.abs(w[0] - 0.5) < 0.05 && Math.abs(w[1] - 0.5) < 0.05, "weights " + w[0] + ", " + w[1]);
    // vae: a few epochs of a tiny VAE on 4 x 4 bar images raise the ELBO
    float[] img = new float[512 * 16];
    for (int i = 0; i < 512; i++) {
      int k = i % 4;
      for (int p = 0; p < 16; p++) {
        int r = p / 4;
        int col = p % 4;
        img[i * 16 + p] = (k < 2 ? r / 2 == k : col / 2 == k - 2) ? 1f : 0f;
      }
    }
    Dataset bars = Dataset.of(Nd4j.createFromArray(img).reshape(512, 16), new int[512], 4, 4);
    Trainer trainer = Trainer.start(VaeConfig.defaults().withImage(4, 4).withLatentDim(2).withHidden(16),
        new TrainConfig(4, 32, 1e-2, 5, 1.0, Integer.MAX_VALUE));
    double before = Evaluator.elbo(trainer.model(), bars, 128, Rng.of(3)).elbo();
    trainer.train(bars, null, TrainingListener.NONE);
    double after = Evaluator.elbo(trainer.model(), bars, 128, Rng.of(3)).elbo();
    check(after > before + 1, "VAE ELBO " + before + " -> " + after);
    System.out.println("consumer-check: ok (KL " + kl + ", GMM ELBO " + seq.elbo() + ", VAE ELBO " + before + " -> "
        + after + ")");
  }
}
