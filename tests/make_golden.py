"""Regenerate tests/data/links_v1.json (ONLY when adding links; never to 'fix' a failing test:
an old link that decodes differently is a broken promise to everyone who shared it)."""
import json
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from app.model import decode  # noqa: E402

LINKS = [
    "", "?v=1",
    "?surface=rosenbrock&start=-1.5,2&steps=300&run=gd,alpha=0.001&run=adam,alpha=0.05,rho1=0.8"
    "&batch=8&sigma=2&seed=3&view=overlay&lang=uk&v=1",
    "?surface=narrow_valley,kappa=200,angle=30&run=momentum,beta=0.5&v=1",
    "?run=gd,batch=16,seed=2&run=gd,alpha=0.01&step=40&view=3d&v=1",
    "?surface=saddle&run=gd,alpha=0.01&run=rmsprop&run=adam,alpha=0.02&steps=150&v=1",
    "?run=gd,alpha=0.1,schedule=step,gamma=0.5,every=50&run=adam,alpha=0.05,schedule=cosine&v=1",
    "?run=sgd&run=nesterov,alpha=0.003,beta=0.95&run=adagrad,eps=1e-6&run=amsgrad&v=1",
    "?surface=himmelblau&start=0.5,-0.25&view=multiples&lang=en&v=1",
    "?surface=linreg_mse,n=80,noise=2&batch=4&run=gd,alpha=0.05&v=1",
    "?surface=logreg,overlap=1&run=adam,alpha=0.1&seed=7&v=1",
    "?preset=saddle-escape&v=1", "?preset=valley-zigzag&lang=uk&v=1",
    "?preset=lr-right&steps=100&run=adam,alpha=0.2&v=1",
    "?preset=adam-bias&narrate=1&step=3&v=1",
    "?hide=controls,loss&show=alpha&v=1", "?hide=runs,landscape&v=1",
    # mangled links: they must keep decoding the same way (with notices)
    "?run=gd,alpha=abc", "?run=gd,alpha=1e400", "?steps=10000000", "?run=adam,eps=-1",
    "?" + "&".join(["run=gd"] * 500), "?surface=rosenbrock&run=ada", "?%ZZ%=%%&run=%E2%82", "?steps=&view=",
    "?steps=100&steps=200", "?foo=bar&run=gd,alpha=0.01,zzz=3", "?preset=nowhere&run=gd",
    "?start=1e9,2&surface=bowl", "?hide=everything&show=nothing", "?narrate=yes", "?step=5000",
]


def scene_dict(scene) -> dict:
    return json.loads(json.dumps(asdict(scene)))


if __name__ == "__main__":
    out = [{"link": q, "scene": scene_dict(decode(q)[0]), "notices": len(decode(q)[1]) > 0} for q in LINKS]
    path = Path(__file__).parent / "data" / "links_v1.json"
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(out)} links to {path}")
