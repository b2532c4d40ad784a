#!/usr/bin/env python3
# The bundles every benchmark here times: `runc spec` defaults, terminal false, read-only root
# on WORK/rootfs (scripts/mkrootfs); `true` runs /bin/true, `seccomp` the same with rampart's
# default profile (Docker's, in OCI form), `sleep` a process that stays (for exec and state).
#   bench/bundles.py WORK PROFILE.json
import json, os, subprocess, sys

work, profile = sys.argv[1], sys.argv[2]
os.makedirs(work + "/base")
subprocess.run(["runc", "spec", "--bundle", work + "/base"], check=True)
base = json.load(open(work + "/base/config.json"))
base["process"]["terminal"] = False
base["root"] = {"path": work + "/rootfs", "readonly": True}


def bundle(name, args, seccomp=None):
    c = json.loads(json.dumps(base))
    c["process"]["args"] = args
    if seccomp:
        c["linux"]["seccomp"] = seccomp
    os.makedirs(work + "/" + name)
    json.dump(c, open(work + "/" + name + "/config.json", "w"), indent=2)


bundle("true", ["/bin/true"])
bundle("seccomp", ["/bin/true"], json.load(open(profile)))
bundle("sleep", ["/bin/sleep", "600"])
