import numpy as np, json, sys
from sklearn.mixture import BayesianGaussianMixture
from sklearn.cluster import KMeans
X = np.loadtxt('x.csv', delimiter=',')
lab = KMeans(n_clusters=3, n_init=1, random_state=0).fit(X).labels_
R0 = np.zeros((len(X), 3)); R0[np.arange(len(X)), lab] = 1
np.savetxt('r0.csv', R0, delimiter=',', fmt='%.1f')
class FromResp(BayesianGaussianMixture):
    def _initialize_parameters(self, X, random_state):
        self._initialize(X, R0.copy())
iters = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
m = FromResp(n_components=3, covariance_type='full', tol=0.0, reg_covar=0.0, max_iter=iters, n_init=1,
             weight_concentration_prior_type='dirichlet_distribution', weight_concentration_prior=1.0,
             mean_precision_prior=1.0, mean_prior=np.zeros(2), degrees_of_freedom_prior=2.0,
             covariance_prior=np.linalg.inv(np.eye(2)), init_params='kmeans', random_state=0)
import warnings; warnings.simplefilter('ignore')
m.fit(X)
W = np.array([np.linalg.inv(c * nu) for c, nu in zip(m.covariances_, m.degrees_of_freedom_)])
json.dump({'iterations': int(m.n_iter_), 'alphas': m.weight_concentration_.tolist(), 'betas': m.mean_precision_.tolist(),
           'dofs': m.degrees_of_freedom_.tolist(), 'means': m.means_.tolist(), 'scales': W.tolist()}, open('skl_%d.json' % iters, 'w'))
print('sklearn iterations', m.n_iter_)
