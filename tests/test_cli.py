"""`python -m optim`: CSV on stdout, clear errors on bad arguments."""
import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import landscapes
from optim.reference import reference_run


def cli(*args):
    return subprocess.run([sys.executable, "-m", "optim", *args], capture_output=True, text=True, timeout=60)


def test_adam_on_rosenbrock_prints_the_exact_trajectory():
    out = cli("--surface", "rosenbrock", "--method", "adam", "--start", "-1.5", "2", "--steps", "300",
              "--alpha", "0.05")
    assert out.returncode == 0, out.stderr
    df = pd.read_csv(io.StringIO(out.stdout))
    assert len(df) == 301
    assert list(df.columns[:6]) == ["run", "method", "step", "x", "y", "loss"]
    assert df.iloc[0].x == -1.5 and df.iloc[0].y == 2
    # Adam (ρ1 = .9, ρ2 = .999) is still in the banana valley after 300 steps; torch.optim.Adam
    # gives the same point. The 10 significant digits printed match the reference.
    ref = reference_run(landscapes.get("rosenbrock").grad, "adam", (-1.5, 2.0), 300,
                        alpha=0.05, rho1=0.9, rho2=0.999, eps=1e-8)
    np.testing.assert_allclose(df[["x", "y"]].to_numpy(), ref, rtol=1e-9, atol=1e-12)


def test_adam_on_rosenbrock_reaches_the_minimum():
    out = cli("--surface", "rosenbrock", "--method", "adam", "--start", "-1.5", "2", "--steps", "2000",
              "--alpha", "0.05")
    last = pd.read_csv(io.StringIO(out.stdout)).iloc[-1]
    assert abs(last.x - 1) < 1e-4 and abs(last.y - 1) < 1e-4, last


def test_landscape_parameters_and_noise():
    out = cli("--surface", "narrow_valley", "--kappa", "100", "--angle", "45", "--method", "momentum",
              "--steps", "20", "--sigma", "1", "--batch", "4", "--seed", "2")
    assert out.returncode == 0, out.stderr
    df = pd.read_csv(io.StringIO(out.stdout))
    assert len(df) == 21 and (df.sigma == 1).all() and (df.batch == 4).all()


def test_schedule_flags():
    out = cli("--method", "gd", "--alpha", "0.001", "--steps", "5", "--schedule", "step", "--gamma", "0.5",
              "--every", "2")
    assert out.returncode == 0, out.stderr
    df = pd.read_csv(io.StringIO(out.stdout))
    assert (df.schedule == "step").all() and (df.gamma == 0.5).all()


def test_divergence_is_reported_not_raised():
    out = cli("--method", "gd", "--alpha", "5", "--steps", "100")
    assert out.returncode == 0
    assert "diverged at step" in out.stderr
    df = pd.read_csv(io.StringIO(out.stdout))
    assert df.x.isna().any() and (df.diverged_at > 0).all()


@pytest.mark.parametrize("args,message", [
    (["--alpha", "abc"], "invalid float value: 'abc'"),
    (["--alpha", "-1"], "alpha=-1 is outside its range"),
    (["--alpha", "nan"], "alpha must be finite"),
    (["--method", "sgdx"], "invalid choice: 'sgdx'"),
    (["--surface", "moon"], "invalid choice: 'moon'"),
    (["--method", "adam", "--beta", "0.9"], "--beta does not apply to adam"),
    (["--gamma", "0.5"], "--gamma does not apply to gd with the constant schedule"),
    (["--schedule", "linear"], "invalid choice: 'linear'"),
    (["--kappa", "10"], "--kappa does not apply to the surface rosenbrock"),
    (["--surface", "narrow_valley", "--kappa", "0"], "kappa"),
    (["--start", "1"], "expected 2 arguments"),
    (["--steps", "-3"], "steps=-3 is outside"),
])
def test_bad_arguments_exit_2_with_a_message(args, message):
    out = cli(*args)
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout == ""
