"""The model lifecycle without HTTP: dataset, accuracy, registry, gate, rollback, integrity."""

from pathlib import Path

import numpy as np
import pytest

from nightly.domain.models.dataset import evaluation_set, features, generate
from nightly.domain.models.estimator import DEFAULT_PARAMS, WEAK_PARAMS, EnergyModel
from nightly.domain.models.evaluation import MIN_R2, GateRefusedError, gate, metrics
from nightly.domain.models.pipeline import train_and_register
from nightly.domain.models.registry import IntegrityError, Registry, RegistryError
from nightly.domain.models.serving import ModelStore, NoProductionModelError

# 1000 m2, 50 people, 5.5 degC on a weekday: 1000 * (0.10 + 0.012 * 10 + 0.02) + 1.5 * 50 kWh.
OFFICE_DAY = np.array([[1000.0, 50.0, 5.5, 0.0]])
OFFICE_DAY_KWH = 315.0
# How close a default-trained model must come to the noise-free truth above.
TOLERANCE = 0.02


def test_dataset_is_reproducible_and_fingerprinted() -> None:
    first, again, other = generate(500), generate(500), generate(500, seed=8)
    assert first.fingerprint == again.fingerprint
    assert first.fingerprint != other.fingerprint
    assert len(first.fingerprint) == 64
    assert first.raw.shape == (500, 4)
    assert (first.target_kwh >= 0).all()


def test_features_scale_degree_terms_with_area() -> None:
    x = features(np.array([[1000.0, 50.0, 5.5, 0.0], [2000.0, 0.0, 30.0, 1.0]]))
    # area, area*HDD, area*CDD, occupancy, area*weekday
    np.testing.assert_allclose(x[0], [1000.0, 10_000.0, 0.0, 50.0, 1000.0])
    np.testing.assert_allclose(x[1], [2000.0, 0.0, 16_000.0, 0.0, 0.0])


def test_default_model_learns_the_degree_day_physics() -> None:
    data = generate()
    model = EnergyModel.fit(data.raw, data.target_kwh, DEFAULT_PARAMS)
    assert model.predict(OFFICE_DAY)[0] == pytest.approx(OFFICE_DAY_KWH, rel=TOLERANCE)
    holdout = evaluation_set()
    scores = metrics(model.predict(holdout.raw), holdout.target_kwh)
    assert scores["r2"] > 0.95
    weak = EnergyModel.fit(data.raw, data.target_kwh, WEAK_PARAMS)
    weak_scores = metrics(weak.predict(holdout.raw), holdout.target_kwh)
    assert weak_scores["mae_kwh"] > scores["mae_kwh"] * 1.5


def test_saved_model_predicts_identically(tmp_path: Path) -> None:
    data = generate(300)
    model = EnergyModel.fit(data.raw, data.target_kwh, DEFAULT_PARAMS)
    model.save(tmp_path / "artifact")
    loaded = EnergyModel.load(tmp_path / "artifact")
    np.testing.assert_array_equal(loaded.predict(data.raw), model.predict(data.raw))


def test_metrics_on_known_numbers() -> None:
    scores = metrics(np.array([1.0, 2.0, 5.0]), np.array([1.0, 3.0, 3.0]))
    assert scores["mae_kwh"] == pytest.approx(1.0)
    assert scores["rmse_kwh"] == pytest.approx(np.sqrt(5 / 3))
    assert scores["r2"] == pytest.approx(1 - 5 / (8 / 3))


def test_gate_allows_small_noise_and_refuses_regressions() -> None:
    production = {"mae_kwh": 10.0, "rmse_kwh": 12.0, "r2": 0.97}
    assert gate({**production, "mae_kwh": 10.1}, production).promote
    refused = gate({**production, "mae_kwh": 11.0}, production)
    assert not refused.promote and "worse than production" in refused.reason
    assert not gate({**production, "r2": MIN_R2 - 0.01}, None).promote
    assert gate(production, None).promote


def test_pipeline_registers_versions_with_lineage(tmp_path: Path) -> None:
    registry = Registry(tmp_path)
    result = train_and_register(registry, rows=500)
    assert result.promoted and result.version.version == 1
    entry = registry.get("energy", 1)
    assert entry.data_fingerprint == generate(500).fingerprint
    assert entry.params == DEFAULT_PARAMS
    assert set(entry.metrics) == {"mae_kwh", "rmse_kwh", "r2"}
    assert len(entry.sha256) == 64
    assert registry.stages("energy") == {"production": 1, "staging": 1, "history": [1]}


def test_gate_keeps_a_worse_model_out_of_production(tmp_path: Path) -> None:
    registry = Registry(tmp_path)
    train_and_register(registry, rows=500)
    worse = train_and_register(registry, params=WEAK_PARAMS, rows=500)
    assert not worse.promoted and worse.version.version == 2
    assert registry.stages("energy")["production"] == 1
    assert registry.stages("energy")["staging"] == 2
    with pytest.raises(GateRefusedError):
        registry.promote("energy", 2, "production")
    assert "forced" in registry.promote("energy", 2, "production", force=True)
    assert registry.stages("energy")["production"] == 2


def test_rollback_restores_the_previous_production_version(tmp_path: Path) -> None:
    registry = Registry(tmp_path)
    train_and_register(registry, rows=500)
    train_and_register(registry, rows=500, seed=8)
    registry.promote("energy", 2, "production", force=True)
    assert registry.rollback("energy").version == 1
    assert registry.stages("energy")["production"] == 1
    with pytest.raises(RegistryError, match="no earlier production version"):
        registry.rollback("energy")


def test_tampered_artifact_is_refused(tmp_path: Path) -> None:
    registry = Registry(tmp_path)
    entry = train_and_register(registry, rows=300).version
    artifact = tmp_path / "energy" / "v0001" / entry.artifact
    artifact.write_bytes(artifact.read_bytes() + b"\0")
    with pytest.raises(IntegrityError, match="changed since registration"):
        ModelStore(registry).predict("energy", OFFICE_DAY)


def test_empty_registry_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(NoProductionModelError, match="make train"):
        ModelStore(Registry(tmp_path)).resolve("energy")


def test_batch_scoring_matches_online_predictions(tmp_path: Path) -> None:
    from nightly.domain.models.__main__ import main

    registry = str(tmp_path / "registry")
    source, target = str(tmp_path / "in.csv"), str(tmp_path / "out.csv")
    assert main(["--registry", registry, "train", "--rows", "500"]) == 0
    assert main(["--registry", registry, "sample", source, "--rows", "25"]) == 0
    assert main(["--registry", registry, "score", source, target]) == 0
    lines = (tmp_path / "out.csv").read_text().splitlines()
    assert lines[0] == "floor_area_m2,occupancy,outdoor_temp_c,weekend,predicted_kwh,model_version"
    assert len(lines) == 26
    rows = np.array([[float(v) for v in line.split(",")[:4]] for line in lines[1:]])
    _, expected = ModelStore(Registry(Path(registry))).predict("energy", rows)
    scored = np.array([float(line.split(",")[4]) for line in lines[1:]])
    np.testing.assert_allclose(scored, expected, atol=5e-4)
