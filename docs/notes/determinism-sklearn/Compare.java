import io.github.jvi.gpu.Rng;
import io.github.jvi.vi.cavi.*;
import java.nio.file.*;
import java.util.*;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

public class Compare {
  public static void main(String[] a) throws Exception {
    if (a[0].equals("data")) {
      INDArray x = BayesianGmm.simulate(new double[] {0.4, 0.3, 0.3}, new double[][] {{0, 0}, {2, 0}, {1, 1.74}},
          new double[][][] {{{1, 0}, {0, 1}}, {{1, 0.3}, {0.3, 1}}, {{0.8, 0}, {0, 1.2}}}, 500, Rng.of(7)).x();
      StringBuilder sb = new StringBuilder();
      for (double[] r : x.toDoubleMatrix()) sb.append(Double.toString(r[0])).append(',').append(Double.toString(r[1])).append('\n');
      Files.writeString(Path.of(a[1]), sb.toString());
      return;
    }
    double[][] x = read(a[1]);
    double[][] r0 = read(a[2]);
    BayesianGmm model = BayesianGmm.of(3, 1, new double[] {0, 0}, 1, new double[][] {{1, 0}, {0, 1}}, 2);
    CaviOptions o = CaviOptions.defaults().withTol(Double.parseDouble(a[3])).withParamTol(Double.parseDouble(a[4])).withMaxIter(200000);
    BayesianGmmFit f = model.fit(Nd4j.createFromArray(x), Nd4j.createFromArray(r0), o);
    System.out.println("{\"iterations\":" + f.iterations() + ",\"stopped_by\":\"" + f.convergence().stoppedBy().id()
        + "\",\"parameter_change\":" + f.convergence().parameterChange()
        + ",\"alphas\":" + Arrays.toString(f.alphas()) + ",\"betas\":" + Arrays.toString(f.betas())
        + ",\"dofs\":" + Arrays.toString(f.dofs()) + ",\"means\":" + Arrays.deepToString(f.means())
        + ",\"scales\":" + Arrays.deepToString(f.scales()) + ",\"elbo\":" + f.elbo() + "}");
  }

  static double[][] read(String p) throws Exception {
    return Files.readAllLines(Path.of(p)).stream().filter(l -> !l.isBlank())
        .map(l -> Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray()).toArray(double[][]::new);
  }
}
