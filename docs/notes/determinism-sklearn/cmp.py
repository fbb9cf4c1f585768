import json, numpy as np
s = json.load(open('skl_20000.json'))
for name in ['jvi_p.json', 'jvi_e.json']:
    j = json.loads(open('' + name).read().strip().splitlines()[0])
    worst = {}
    for k in ['alphas', 'betas', 'dofs', 'means', 'scales']:
        a = np.array(j[k]).ravel(); b = np.array(s[k]).ravel()
        worst[k] = float(np.max(np.abs(a - b) / np.maximum(1, np.abs(b))))
        worst[k + '_rel'] = float(np.max(np.abs(a - b) / np.abs(b)))
    print(name, j['iterations'], j['stopped_by'], j['parameter_change'], {k: '%.2g' % v for k, v in worst.items()})
