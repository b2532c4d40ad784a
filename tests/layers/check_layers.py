#!/usr/bin/env python3
"""The layer map, enforced. Reads the map from docs/architecture.md (the block after the
`layer-map` marker) and checks, for every file under src/:

  * its project includes ("dir/file.h") name its own layer or one the map puts below it
    (the map's "may include" list, closed transitively);
  * its system includes (<...>) fit its layer's kind: `pure` layers include only the C++
    standard library and the listed third-party headers (no <linux/...>, no <sys/mount.h>,
    no POSIX header either: they are testable without root and without a kernel); `posix`
    layers include no Linux-specific header; `linux` layers include anything;
  * CMakeLists.txt declares each layer's library with exactly the map's dependencies
    (rampart_layer(<target> <dir> <deps>...)).

Usage:
  check_layers.py scan SOURCE-DIR [STAMP]      check the tree; write STAMP when it holds
  check_layers.py selftest SOURCE-DIR          prove the checks fail: scan scratch copies of the
                                               tree with one violation planted in each
  check_layers.py compile SOURCE-DIR FLAGS-FILE CXX
                                               prove the build fails: compile probe files with a
                                               layer's include flags (from FLAGS-FILE, written by
                                               CMake) that include a layer not below it
Exit status 0 when everything holds, 1 with one line per violation otherwise.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

MARKER = "<!-- layer-map"
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
# Third-party headers a pure layer may include (JSON and YAML parsing are pure).
PURE_THIRD_PARTY = re.compile(r"^(nlohmann/json\.hpp|yaml-cpp/[A-Za-z0-9_/]+\.h)$")
# The C++ standard library: lower-case names without a suffix (<string>, <cerrno>, ...).
STD_HEADER = re.compile(r"^[a-z_0-9]+$")
# Linux-specific system headers: the kernel's own, and glibc's wrappers of Linux-only calls.
LINUX_HEADER = re.compile(
    r"^(linux|asm|asm-generic)/|^sys/(mount|syscall|prctl|capability|signalfd|timerfd|epoll|"
    r"inotify|fanotify|personality|eventfd|pidfd|vfs|statfs|xattr|fsuid|ioctl|sysmacros)\.h$|"
    r"^(seccomp|sched)\.h$")
KINDS = ("pure", "posix", "linux")


def read_map(src):
    """Returns {layer: (target, kind, [direct deps])} in the map's order."""
    path = os.path.join(src, "docs", "architecture.md")
    lines = open(path, encoding="utf-8").read().splitlines()
    try:
        start = next(i for i, l in enumerate(lines) if l.startswith(MARKER))
    except StopIteration:
        sys.exit(f"{path}: no '{MARKER}' block")
    layers = {}
    in_block = False
    for l in lines[start + 1:]:
        if l.startswith("```"):
            if in_block:
                break
            in_block = True
            continue
        if not in_block or not l.strip() or l.lstrip().startswith("#"):
            continue
        cols = l.split()
        layer, target, kind, deps = cols[0], cols[1], cols[2], cols[3:]
        if deps == ["-"]:
            deps = []
        if kind not in KINDS:
            sys.exit(f"{path}: layer {layer}: kind {kind!r} is not one of {KINDS}")
        layers[layer] = (target, kind, deps)
    for layer, (_, _, deps) in layers.items():
        for d in deps:
            if d not in layers:
                sys.exit(f"{path}: layer {layer} may include {d}, which is not in the map")
    return layers


def closure(layers):
    """Each layer's allowed includes: itself and everything below it."""
    out = {}

    def below(layer, stack):
        if layer in out:
            return out[layer]
        if layer in stack:
            sys.exit(f"layer map: a cycle through {layer}")
        allowed = {layer}
        for d in layers[layer][2]:
            allowed |= below(d, stack | {layer})
        out[layer] = allowed
        return allowed

    for layer in layers:
        below(layer, set())
    return out


def layer_of(rel, layers):
    """The layer a path (relative to src/) belongs to: the longest matching directory."""
    best = None
    for layer in layers:
        if rel == layer or rel.startswith(layer + "/"):
            if best is None or len(layer) > len(best):
                best = layer
    return best


def cmake_layers(src):
    """{target: (dir, [deps])} from the rampart_layer(...) calls in CMakeLists.txt."""
    text = open(os.path.join(src, "CMakeLists.txt"), encoding="utf-8").read()
    text = re.sub(r"#[^\n]*", "", text)
    out = {}
    for m in re.finditer(r"^\s*rampart_layer\(([^)]*)\)", text, re.M):
        words = m.group(1).split()
        out[words[0]] = (words[1], [w for w in words[2:] if w.startswith("rampart_")])
    return out


def scan(src):
    layers = read_map(src)
    allowed = closure(layers)
    errors = []
    root = os.path.join(src, "src")
    for dirpath, _, files in os.walk(root):
        for f in sorted(files):
            if not f.endswith((".h", ".cc")):
                continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)
            me = layer_of(rel, layers)
            if me is None:
                errors.append(f"src/{rel}: in no layer of the map (docs/architecture.md)")
                continue
            kind = layers[me][1]
            for n, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                quote, name = m.groups()
                where = f"src/{rel}:{n}"
                if quote == '"':
                    other = layer_of(name, layers)
                    if other is None:
                        errors.append(f"{where}: includes \"{name}\", in no layer of the map")
                    elif other not in allowed[me]:
                        errors.append(f"{where}: layer {me} includes \"{name}\" of layer {other}, "
                                      f"which is not below it")
                elif kind == "pure":
                    if not (STD_HEADER.match(name) or PURE_THIRD_PARTY.match(name)):
                        errors.append(f"{where}: pure layer {me} includes <{name}> (only the C++ "
                                      f"standard library and JSON/YAML parsers)")
                elif kind == "posix" and LINUX_HEADER.search(name):
                    errors.append(f"{where}: layer {me} includes the Linux header <{name}>")
    declared = cmake_layers(src)
    by_target = {t: (layer, deps) for layer, (t, _, deps) in layers.items()}
    for target, (layer, deps) in by_target.items():
        if target not in declared:
            errors.append(f"CMakeLists.txt: no rampart_layer({target} {layer} ...) for layer {layer}")
            continue
        cdir, cdeps = declared[target]
        want = sorted(layers[d][0] for d in deps)
        if cdir != layer:
            errors.append(f"CMakeLists.txt: {target} builds src/{cdir}, the map says src/{layer}")
        if sorted(cdeps) != want:
            errors.append(f"CMakeLists.txt: {target} links {' '.join(sorted(cdeps)) or 'nothing'}, "
                          f"the map says {' '.join(want) or 'nothing'}")
    for target in declared:
        if target not in by_target:
            errors.append(f"CMakeLists.txt: {target} is not in the layer map")
    return errors


def selftest(src):
    """Each planted violation must be found, naming the file it was planted in."""
    plants = [
        ("spec/probe_linux_header.h", "#include <linux/mount.h>\n", "pure layer spec includes <linux/mount.h>"),
        ("plan/probe_sys_mount.h", "#include <sys/mount.h>\n", "pure layer plan includes <sys/mount.h>"),
        ("policy/probe_posix.h", "#include <unistd.h>\n", "pure layer policy includes <unistd.h>"),
        ("verify/probe_up.h", '#include "linux/inspect/inspect.h"\n', "layer verify includes"),
        ("spec/probe_up.h", '#include "container/state.h"\n', "layer spec includes"),
        ("util/probe_linux.h", "#include <sys/syscall.h>\n", "layer util includes the Linux header"),
        ("linux/safepath/probe_side.h", '#include "linux/mount/attach.h"\n', "layer linux/safepath includes"),
        ("linux/cgroup/probe_up.h", '#include "linux/process/spawn.h"\n', "layer linux/cgroup includes"),
        ("probe/probe_up.h", '#include "container/state.h"\n', "layer probe includes"),
        ("nowhere/probe.h", "\n", "in no layer of the map"),
    ]
    failures = []
    if scan(src):
        failures.append("the tree itself does not pass the scan")
    with tempfile.TemporaryDirectory(prefix="layer-map.") as tmp:
        for d in ("src", "docs"):
            shutil.copytree(os.path.join(src, d), os.path.join(tmp, d))
        shutil.copy(os.path.join(src, "CMakeLists.txt"), tmp)
        for rel, text, expect in plants:
            path = os.path.join(tmp, "src", rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
            found = [e for e in scan(tmp) if e.startswith(f"src/{rel}") and expect in e]
            if not found:
                failures.append(f"planted src/{rel} ({text.strip()}) was not reported")
            else:
                print(f"refused as it should be: {found[0]}")
            os.unlink(path)
        # A library declared with a dependency the map does not allow.
        cm = os.path.join(tmp, "CMakeLists.txt")
        text = open(cm).read()
        bad = text.replace("rampart_layer(rampart_plan plan rampart_spec)",
                           "rampart_layer(rampart_plan plan rampart_spec rampart_safepath)")
        if bad == text:
            failures.append("selftest: CMakeLists.txt has no rampart_layer(rampart_plan plan rampart_spec)")
        else:
            open(cm, "w").write(bad)
            found = [e for e in scan(tmp) if "rampart_plan links" in e]
            if not found:
                failures.append("a CMake dependency outside the map was not reported")
            else:
                print(f"refused as it should be: {found[0]}")
    return failures


def compile_probes(src, flags_file, cxx):
    """flags_file: lines `<layer> <include dir>...`: the include view CMake gives that layer."""
    views = {}
    for line in open(flags_file):
        words = line.split()
        if words:
            views[words[0]] = [w for w in words[1:] if w]
    # (layer, header, must compile)
    probes = [
        ("spec", "spec/config.h", True),
        ("spec", "container/state.h", False),
        ("spec", "linux/safepath/root.h", False),
        ("plan", "plan/rootfs_plan.h", True),
        ("plan", "linux/mount/rootfs.h", False),
        ("policy", "spec/config.h", True),
        ("policy", "verify/judge.h", False),
        ("verify", "linux/inspect/inspect.h", False),
        ("linux/safepath", "linux/safepath/root.h", True),
        ("linux/safepath", "linux/mount/attach.h", False),
        ("linux/cgroup", "linux/process/spawn.h", False),
        ("probe", "probe/case.h", True),
        ("probe", "container/state.h", False),
    ]
    failures = []
    with tempfile.TemporaryDirectory(prefix="layer-probe.") as tmp:
        for layer, header, ok in probes:
            if layer not in views:
                failures.append(f"{flags_file}: no include flags for layer {layer}")
                continue
            probe = os.path.join(tmp, "probe.cc")
            with open(probe, "w") as f:
                f.write(f'#include "{header}"\nint main() {{ return 0; }}\n')
            cmd = [cxx, "-std=c++23", "-fsyntax-only"] + [f"-I{d}" for d in views[layer]] + [probe]
            r = subprocess.run(cmd, capture_output=True, text=True)
            compiled = r.returncode == 0
            if compiled != ok:
                why = "compiled" if compiled else "did not compile:\n" + r.stderr[-2000:]
                failures.append(f"layer {layer} including \"{header}\" {why}")
            elif not ok and "No such file" not in r.stderr:
                failures.append(f"layer {layer} including \"{header}\" failed, but not for the "
                                f"missing header:\n{r.stderr[-2000:]}")
            else:
                print(f"layer {layer} including \"{header}\": "
                      f"{'compiles' if ok else 'does not compile, as it should not'}")
    return failures


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    mode, src = sys.argv[1], sys.argv[2]
    if mode == "scan":
        problems = scan(src)
        if not problems and len(sys.argv) > 3:
            open(sys.argv[3], "w").write("layer map holds\n")
    elif mode == "selftest":
        problems = selftest(src)
    elif mode == "compile":
        problems = compile_probes(src, sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"layer map (docs/architecture.md): {len(problems)} violation(s)", file=sys.stderr)
        return 1
    print(f"layer map: {mode} holds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
