#!/usr/bin/env python3
"""Writes Tests/FabricModelTests/Fixtures/units-table.csv: data-rate and delay texts as people type them, each with the
value an independent library (pint, https://pint.readthedocs.io) gives for the same quantity written in pint's own
spelling. The Swift tests read the table (no pint needed) and check Bandwidth.parse / Latency.parse against it.

Run: pip install pint && python3 scripts/units-table.py
"""
import csv
import os
import pint

ureg = pint.UnitRegistry()

# (kind, text as typed into a file, the same quantity in pint's spelling)
ROWS = [
    ("bandwidth", "400G", "400 Gbit/s"),
    ("bandwidth", "400Gbps", "400 Gbit/s"),
    ("bandwidth", "400 Gb/s", "400 Gbit/s"),
    ("bandwidth", "400Gbit/s", "400 Gbit/s"),
    ("bandwidth", "400GB/s", "400 GB/s"),
    ("bandwidth", "50GB/s", "50 GB/s"),
    ("bandwidth", "28 GB/s", "28 GB/s"),
    ("bandwidth", "25GBps", "25 GB/s"),
    ("bandwidth", "1.6T", "1.6 Tbit/s"),
    ("bandwidth", "1.6 Tb/s", "1.6 Tbit/s"),
    ("bandwidth", "2 TB/s", "2 TB/s"),
    ("bandwidth", "100M", "100 Mbit/s"),
    ("bandwidth", "100 Mb/s", "100 Mbit/s"),
    ("bandwidth", "12.5 MB/s", "12.5 MB/s"),
    ("bandwidth", "10 kb/s", "10 kbit/s"),
    ("bandwidth", "800 Gbit/s", "800 Gbit/s"),
    ("bandwidth", "0.5 Pb/s", "0.5 Pbit/s"),
    ("bandwidth", "1 Gib/s", "1 Gibit/s"),
    ("bandwidth", "2 GiB/s", "2 GiB/s"),
    ("bandwidth", "900 GB/s", "900 GB/s"),
    ("bandwidth", "3.2 Tbit/s", "3.2 Tbit/s"),
    ("bandwidth", "1 B/s", "1 B/s"),
    ("bandwidth", "64 bytes/s", "64 B/s"),
    ("latency", "25ns", "25 ns"),
    ("latency", "25 ns", "25 ns"),
    ("latency", "1.2 us", "1.2 us"),
    ("latency", "0.5us", "0.5 us"),
    ("latency", "0.5µs", "0.5 us"),
    ("latency", "2ms", "2 ms"),
    ("latency", "800ps", "800 ps"),
    ("latency", "1e-6 s", "1e-6 s"),
    ("latency", "3 usec", "3 us"),
]

def main():
    out = os.path.join(os.path.dirname(__file__), "..", "Tests", "FabricModelTests", "Fixtures", "units-table.csv")
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["kind", "text", "pint", "value"])
        for kind, text, spelled in ROWS:
            quantity = ureg.Quantity(spelled)
            target = "bit/s" if kind == "bandwidth" else "ns"
            writer.writerow([kind, text, spelled, repr(float(quantity.to(target).magnitude))])

if __name__ == "__main__":
    main()
