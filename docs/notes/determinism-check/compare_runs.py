import re, sys, glob, os
import xml.etree.ElementTree as ET
def jqwik(log):
    out=[]; cur=None
    for line in open(log, errors='replace'):
        m=re.match(r'timestamp = \S+, (\S+) = ', line)
        if m: cur=[m.group(1)]; out.append(cur); continue
        m=re.match(r'(tries|checks|generation|after-failure|when-fixed-seed|edge-cases#mode|edge-cases#total|edge-cases#tried|seed) = (\S+)', line)
        if m and cur is not None: cur.append(m.group(1)+'='+m.group(2))
    return [tuple(r) for r in out if not 'Probe' in r[0]]
def cases(d):
    out=[]
    for f in sorted(glob.glob(d+'/*.xml')):
        t=ET.parse(f).getroot()
        for tc in t.iter('testcase'):
            status='ok'
            for tag in ('failure','error','skipped'):
                if tc.find(tag) is not None: status=tag
            out.append((tc.get('classname'), tc.get('name'), status))
    return out
a=jqwik(sys.argv[1]); b=jqwik(sys.argv[2])
ca=cases(sys.argv[3]); cb=cases(sys.argv[4])
print('jqwik property reports:', len(a), len(b), 'identical' if a==b else 'DIFFERENT')
print('tries total', sum(int(x.split('=')[1]) for r in a for x in r if x.startswith('tries=')))
print('distinct seeds', len(set(x for r in a for x in r if x.startswith('seed='))))
print('surefire test cases:', len(ca), len(cb), 'identical' if ca==cb else 'DIFFERENT', 'non-ok:', sum(1 for c in ca if c[2]!='ok'))
if a!=b:
    for x,y in zip(a,b):
        if x!=y: print(x,y)
