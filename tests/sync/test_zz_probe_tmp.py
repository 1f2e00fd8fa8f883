from tests.sync.test_dsfinvk import *  # noqa

def test_probe(make_register, backend, tmp_path):
    reg = make_register()
    a_day(reg)
    report = export(backend, tmp_path / "o")
    print("\n".join(report.problems))
    print((tmp_path / "o" / "tse.csv").read_text())
    print((tmp_path / "o" / "vat.csv").read_text())
    print((tmp_path / "o" / "cashregister.csv").read_text())
    print((tmp_path / "o" / "location.csv").read_text())
    print((tmp_path / "o" / "cashpointclosing.csv").read_text())
