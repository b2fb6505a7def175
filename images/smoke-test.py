#!/usr/bin/python3
"""Runs an image built by `jib:buildTar` without a container engine, to prove it starts: unpacks its layers into a
temporary root, mounts /proc there, and runs the image's entrypoint chrooted there as the image's user and working
directory, with only the image's environment plus the --env pairs. Needs root (chroot, mount).

  images/smoke-test.py control-plane/target/jib-image.tar --port 18080 --path /health/readiness \
      --env MLCTL_DB_URL=jdbc:postgresql://localhost:5432/mlctl_smoke --env MLCTL_DB_USER=mlctl \
      --env MLCTL_DB_PASSWORD=mlctl --env MLCTL_PORT=18080 --env MLCTL_ADMIN_TOKEN=mlctl_smoke_token_0123456789
  images/smoke-test.py rollout-operator/target/jib-image.tar --args --help

With --port it waits for http://127.0.0.1:PORT/PATH to answer 200, prints the answer and the first lines of
/metrics, then stops the process; otherwise it prints what the entrypoint writes and its exit code.
"""
import argparse, json, os, shutil, subprocess, sys, tarfile, tempfile, time, urllib.request

p = argparse.ArgumentParser()
p.add_argument("image")
p.add_argument("--env", action="append", default=[], metavar="VAR=value")
p.add_argument("--port", type=int)
p.add_argument("--path", default="/")
p.add_argument("--args", nargs=argparse.REMAINDER, default=[])
a = p.parse_args()

root = tempfile.mkdtemp(prefix="mlctl-image-")
try:
    with tarfile.open(a.image) as t:
        manifest = json.load(t.extractfile("manifest.json"))[0]
        config = json.load(t.extractfile(manifest["Config"]))["config"]
        for layer in manifest["Layers"]:
            with tarfile.open(fileobj=t.extractfile(layer)) as lt:
                lt.extractall(os.path.join(root, "rootfs"))
    rootfs = os.path.join(root, "rootfs")
    os.makedirs(os.path.join(rootfs, "proc"), exist_ok=True)
    subprocess.run(["mount", "-t", "proc", "proc", os.path.join(rootfs, "proc")], check=True)
    env = dict(e.split("=", 1) for e in config.get("Env", []))
    env.update(dict(e.split("=", 1) for e in a.env))
    user = config.get("User", "0")
    workdir = config.get("WorkingDir", "/")
    command = config["Entrypoint"] + (a.args or config.get("Cmd") or [])
    print("image user %s, workdir %s, entrypoint %s" % (user, workdir, " ".join(config["Entrypoint"])), flush=True)
    uid, _, gid = user.partition(":")

    def enter():  # in the child, before exec: the image's root, working directory and user
        os.chroot(rootfs)
        os.chdir(workdir)
        os.setgroups([])
        os.setgid(int(gid or uid))
        os.setuid(int(uid))

    proc = subprocess.Popen(command, env=env, preexec_fn=enter)
    try:
        if a.port:
            url = "http://127.0.0.1:%d%s" % (a.port, a.path)
            deadline = time.time() + 180
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=2) as r:
                        print("GET %s -> %d %s" % (a.path, r.status, r.read().decode()[:300]))
                        break
                except Exception as e:
                    if proc.poll() is not None or time.time() > deadline:
                        sys.exit("the image did not answer %s: %s" % (url, e))
                    time.sleep(1)
            with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % a.port, timeout=5) as r:
                lines = [l for l in r.read().decode().splitlines() if l.startswith("mlctl_") or l.startswith("hikaricp_connections_max")]
                print("/metrics:", *lines[:5], sep="\n  ")
        else:
            print("exit code", proc.wait(timeout=120))
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                print("stopped with", proc.wait(timeout=30), "after SIGTERM")
            except subprocess.TimeoutExpired:
                proc.kill()
                print("did not stop within 30 s of SIGTERM; killed")
        subprocess.run(["umount", os.path.join(rootfs, "proc")])
finally:
    shutil.rmtree(root, ignore_errors=True)
