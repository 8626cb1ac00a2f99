#!/usr/bin/env python3
"""The table of shipped designs in docs/throughput.md: θ all-to-all (bracket and method), θ_ecmp, efficiency and the
bisection bracket as a fraction of full bisection, from `fabcheck throughput` and `fabcheck bisection` (release build).

    scripts/throughput-table.py [FABCHECK] [--seconds S]
"""
import glob
import json
import os
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = [a for a in sys.argv[1:] if not a.startswith("--")]
fabcheck = args[0] if args else os.path.join(root, ".build/release/fabcheck")
seconds = sys.argv[sys.argv.index("--seconds") + 1] if "--seconds" in sys.argv else "50"
print("| design | accelerators | θ all-to-all | gap | method (lower / upper) | θ_ecmp | efficiency | bisection / full |")
print("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
for path in sorted(glob.glob(os.path.join(root, "topologies/*.graphml*"))):
    name = os.path.basename(path).split(".graphml")[0]
    run = subprocess.run([fabcheck, "throughput", path, "--format", "json", "--seconds", seconds], capture_output=True, text=True)
    t = json.loads(run.stdout)
    run = subprocess.run([fabcheck, "bisection", path, "--format", "json"], capture_output=True, text=True)
    b = json.loads(run.stdout)
    low, high = t["thetaLower"], t["thetaUpper"]
    theta = f"{low:.4f}" if high - low < 5e-5 else f"{low:.4f} – {high:.4f}"
    ecmp = f"{t['thetaEcmp']:.4f}" if t.get("thetaEcmp") is not None else "—"
    eff = t.get("efficiency")
    effu = t.get("efficiencyUpper")
    efficiency = "—" if eff is None else (f"{100*eff:.1f}%" if abs((effu or eff) - eff) < 5e-4 else f"{100*eff:.1f}–{100*effu:.1f}%")
    bis = b["lowerRatio"], b["upperRatio"]
    bisection = f"{bis[0]:.3f}" if abs(bis[1] - bis[0]) < 5e-4 else f"{bis[0]:.3f} – {bis[1]:.3f}"
    print(f"| `{name}` | {t['accelerators']:,} | {theta} | {100*t['gap']:.2f}% | {t['method']} ({t['lowerCertificate']} / {t['upperCertificate']}) "
          f"| {ecmp} | {efficiency} | {bisection} |", flush=True)
