#!/usr/bin/env python3
"""PyTorch peer for `jvi bench vae`: the same VAE, one timed epoch.

Network 784-512-512-(2x32) encoder (mu | log sigma), 32-512-512-784 decoder, ReLU, Bernoulli
logits, Adam lr 1e-3, batch 128, MNIST binarised at 0.5 (pixel > 127), float32, PyTorch's default
init, one warm-up of 20 batches, then one epoch of 469 batches timed (wall and process CPU);
--limit N times the first N images only (as jvi's --train-limit), for loaded machines.
--k K > 1 trains the IWAE bound instead (Burda et al. 2016; as `jvi bench vae --objective iwae --k K`):
K draws z_i ~ q(z|x) per image, log w_i = log p(x|z_i) + log p(z_i) - log q(z_i|x), loss
-mean(logsumexp_i log w_i - log K); the decoder runs on K x 128 rows.

Run (Debian: apt-get install python3-torch; the system python):
  OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/pytorch_vae.py --threads 1 --mnist /work/shared/mnist
  OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/pytorch_vae.py --threads 2 --mnist /work/shared/mnist
  OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/pytorch_vae.py --threads 2 --k 5
--threads sets torch.set_num_threads (intra-op); OMP_NUM_THREADS / OPENBLAS_NUM_THREADS as in the
environment (the BLAS of Debian's torch is the system libblas, OpenBLAS when installed).
Prints one JSON line.
"""
import argparse, gzip, json, os, struct, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_images(path):
    with gzip.open(path, "rb") as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        data = np.frombuffer(f.read(), dtype=np.uint8).reshape(n, rows * cols)
    return (data > 127).astype(np.float32)


class Vae(nn.Module):
    def __init__(self, d=784, h=512, z=32):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(d, h), nn.ReLU(), nn.Linear(h, h), nn.ReLU(), nn.Linear(h, 2 * z))
        self.dec = nn.Sequential(nn.Linear(z, h), nn.ReLU(), nn.Linear(h, h), nn.ReLU(), nn.Linear(h, d))
        self.z = z

    def loss(self, x, k=1):
        if k > 1:
            return self.iwae_loss(x, k)
        mu, ls = self.enc(x).chunk(2, dim=1)
        z = mu + torch.exp(ls) * torch.randn_like(mu)
        logits = self.dec(z)
        rec = -F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
        kl = 0.5 * (mu * mu + torch.exp(2 * ls) - 2 * ls - 1).sum(1)
        return -(rec - kl).mean()

    def iwae_loss(self, x, k):
        mu, ls = self.enc(x).chunk(2, dim=1)
        eps = torch.randn((k,) + mu.shape)
        z = mu + torch.exp(ls) * eps                                      # [k, B, z]
        logits = self.dec(z.reshape(-1, self.z)).reshape(k, x.shape[0], -1)
        rec = -F.binary_cross_entropy_with_logits(logits, x.expand(k, -1, -1), reduction="none").sum(2)
        log_pz = -0.5 * (z * z).sum(2)                                    # both up to the same constant
        log_qz = -0.5 * (eps * eps).sum(2) - ls.sum(1)
        lw = rec + log_pz - log_qz
        return -(torch.logsumexp(lw, 0) - torch.log(torch.tensor(float(k)))).mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--mnist", default=os.environ.get("JVI_MNIST_DIR", "/work/shared/mnist"))
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=60000, help="time the first N images of the epoch only")
    ap.add_argument("--k", type=int, default=1, help="IWAE draws per image (1: the VAE's ELBO)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    x = torch.from_numpy(load_images(os.path.join(a.mnist, "train-images-idx3-ubyte.gz")))
    model = Vae()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(a.seed)

    def step(xb):
        opt.zero_grad(set_to_none=True)
        loss = model.loss(xb, a.k)
        loss.backward()
        opt.step()
        return loss

    for i in range(20):  # warm-up
        step(x[i * a.batch:(i + 1) * a.batch])
    perm = torch.randperm(x.shape[0], generator=g)
    t0, c0 = time.perf_counter(), time.process_time()
    total, batches = 0.0, 0
    for i in range(0, min(a.limit, x.shape[0]), a.batch):
        total += step(x[perm[i:i + a.batch]]).item()
        batches += 1
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"peer": "pytorch " + torch.__version__, "threads": a.threads, "k": a.k, "batches": batches,
                      "seconds_per_epoch": wall, "cpu_seconds_per_epoch": cpu, "train_elbo": -total / batches,
                      "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", "")}))


if __name__ == "__main__":
    main()
