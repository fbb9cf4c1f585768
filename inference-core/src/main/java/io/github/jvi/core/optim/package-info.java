/**
 * First-order optimisers on INDArray parameters (minimisation, in place): SGD with momentum,
 * AdaGrad (Duchi, Hazan &amp; Singer 2011, the step-size rule of Ranganath et al. 2014), Adam (Kingma
 * &amp; Ba 2015). Their state can be saved and restored for checkpoints.
 */
package io.github.jvi.core.optim;
