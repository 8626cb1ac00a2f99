"""Times networkx, igraph and rustworkx on GraphML files for Benchmarks/peers.sh.

    python3 peers.py [--repetitions N] [--ecmp-budget SECONDS] FILE.graphml ...

Prints TSV lines `design  tool  step  seconds  note` on stdout (median of the repetitions). Steps:

- import: the library's own GraphML reader on the uncompressed file.
- bridges: bridges plus articulation points on the imported graph (networkx needs a simple Graph: parallel edges
  are collapsed first, outside the timing).
- ecmp: all-to-all loads among accelerators. No peer has per-hop ECMP splitting, so the nearest equivalent is
  timed: edge betweenness restricted to accelerator sources and targets (per-path split, the same shortest-path
  DAG work). rustworkx has no subset variant and runs all vertex pairs on every core. When one source pass costs
  more than the budget allows, the run covers a prefix of the sources and is extrapolated linearly (note `extrap`).
- maxflow: the maximum flow in bit/s between the first and the last accelerator of the file (document order), links
  as undirected cables of bandwidth x multiplicity, on the already built graph (networkx, igraph, NetGraph).
- sweep: the same maximum flow once per failed link (every link in document order, one at a time), the failure
  sweep NetGraph is made for (`max_flow_analysis` with `excluded_links`, its context built once); extrapolated
  from a prefix of the links like ecmp when the whole sweep would pass the budget.

NetGraph (`ngraph`, PyPI) has no GraphML reader and no bridges or betweenness: its network is built from the
networkx import (untimed) and only maxflow and sweep are timed for it.
"""
import argparse
import statistics
import sys
import time


def median_time(repetitions, body):
    times = []
    result = None
    for _ in range(repetitions):
        start = time.perf_counter()
        result = body()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def emit(design, tool, step, seconds, note=""):
    print(f"{design}\t{tool}\t{step}\t{seconds:.6f}\t{note}", flush=True)


UNITS = {"": 1.0, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12}


def bandwidth_bits(text):
    """Bit/s of a fabcheck bandwidth text such as `400Gb/s`, `400G`, `50GB/s` or a bare number of bit/s."""
    text = str(text).strip().replace(" ", "")
    number = text.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/")
    unit = text[len(number):]
    scale = UNITS.get(unit[:1].lower(), 1.0)
    if unit[1:2] == "B":
        scale *= 8
    return float(number) * scale


def cables(graph):
    """(source, target, capacity in bit/s) per GraphML edge of a networkx multigraph, in document order."""
    result = []
    for source, target, data in graph.edges(data=True):
        multiplicity = int(data.get("multiplicity", 1) or 1)
        result.append((source, target, bandwidth_bits(data.get("bandwidth", 1)) * multiplicity))
    return result


def endpoints(graph):
    """The first and the last accelerator in document order: the max-flow pair of every tool."""
    accelerators = [v for v, data in graph.nodes(data=True) if data.get("role", "accelerator") == "accelerator"]
    return accelerators[0], accelerators[-1]


def run_networkx(design, path, args):
    import networkx as nx
    seconds, graph = median_time(args.repetitions, lambda: nx.read_graphml(path))
    emit(design, "networkx", "import", seconds)
    simple = nx.Graph(graph)
    seconds, _ = median_time(args.repetitions, lambda: (list(nx.bridges(simple)), list(nx.articulation_points(simple))))
    emit(design, "networkx", "bridges", seconds)
    accelerators = [v for v, data in graph.nodes(data=True) if data.get("role", "accelerator") == "accelerator"]
    # Probe one source to size the run within the budget.
    start = time.perf_counter()
    nx.edge_betweenness_centrality_subset(graph, accelerators[:1], accelerators, normalized=False)
    per_source = time.perf_counter() - start
    count = max(1, min(len(accelerators), int(args.ecmp_budget / max(per_source, 1e-9))))
    start = time.perf_counter()
    nx.edge_betweenness_centrality_subset(graph, accelerators[:count], accelerators, normalized=False)
    elapsed = time.perf_counter() - start
    if count < len(accelerators):
        emit(design, "networkx", "ecmp", elapsed * len(accelerators) / count, f"extrap {count}/{len(accelerators)} sources")
    else:
        emit(design, "networkx", "ecmp", elapsed)
    # Max flow needs a capacitated digraph: parallel cables summed, both directions (built untimed).
    flow_graph = nx.DiGraph()
    for u, v, capacity in cables(graph):
        for a, b in ((u, v), (v, u)):
            previous = flow_graph.get_edge_data(a, b, {"capacity": 0.0})["capacity"]
            flow_graph.add_edge(a, b, capacity=previous + capacity)
    source, target = endpoints(graph)
    seconds, value = median_time(args.repetitions, lambda: nx.maximum_flow_value(flow_graph, source, target))
    emit(design, "networkx", "maxflow", seconds, f"{value:.6g} bit/s")


def run_igraph(design, path, args):
    import igraph
    seconds, graph = median_time(args.repetitions, lambda: igraph.Graph.Read_GraphML(path))
    emit(design, "igraph", "import", seconds)
    seconds, _ = median_time(args.repetitions, lambda: (graph.bridges(), graph.articulation_points()))
    emit(design, "igraph", "bridges", seconds)
    roles = graph.vs["role"] if "role" in graph.vs.attributes() else ["accelerator"] * graph.vcount()
    accelerators = [v for v, role in enumerate(roles) if role == "accelerator"]
    start = time.perf_counter()
    graph.edge_betweenness(directed=False, sources=accelerators[:1], targets=accelerators)
    per_source = time.perf_counter() - start
    count = max(1, min(len(accelerators), int(args.ecmp_budget / max(per_source, 1e-9))))
    start = time.perf_counter()
    graph.edge_betweenness(directed=False, sources=accelerators[:count], targets=accelerators)
    elapsed = time.perf_counter() - start
    if count < len(accelerators):
        emit(design, "igraph", "ecmp", elapsed * len(accelerators) / count, f"extrap {count}/{len(accelerators)} sources")
    else:
        emit(design, "igraph", "ecmp", elapsed)
    multiplicity = graph.es["multiplicity"] if "multiplicity" in graph.es.attributes() else [1] * graph.ecount()
    bandwidth = graph.es["bandwidth"] if "bandwidth" in graph.es.attributes() else [1] * graph.ecount()
    # igraph fills attributes an edge does not have with NaN or None.
    capacity = [bandwidth_bits(b if b == b and b is not None else 1) * int(m if m == m and m else 1) for b, m in zip(bandwidth, multiplicity)]
    source, target = accelerators[0], accelerators[-1]
    seconds, value = median_time(args.repetitions, lambda: graph.maxflow_value(source, target, capacity=capacity))
    emit(design, "igraph", "maxflow", seconds, f"{value:.6g} bit/s")


def run_rustworkx(design, path, args):
    import rustworkx as rx
    seconds, graphs = median_time(args.repetitions, lambda: rx.read_graphml(path))
    emit(design, "rustworkx", "import", seconds)
    graph = graphs[0]
    seconds, _ = median_time(args.repetitions, lambda: (rx.bridges(graph), rx.articulation_points(graph)))
    emit(design, "rustworkx", "bridges", seconds)
    # All vertex pairs (no source subset in rustworkx, so no extrapolation): run in a child process that is
    # stopped after 10 × the budget, the time then reported as a lower bound.
    import multiprocessing
    limit = 10 * args.ecmp_budget
    queue = multiprocessing.Queue()
    worker = multiprocessing.Process(target=rustworkx_betweenness, args=(path, queue))
    worker.start()
    try:
        seconds = queue.get(timeout=limit + 600)  # the child reads the file first (untimed)
    except Exception:
        seconds = None
    if worker.is_alive():
        worker.terminate()
    worker.join()
    if seconds is None or seconds > limit:
        emit(design, "rustworkx", "ecmp", limit, f"stopped after {limit:.0f} s (lower bound); all vertex pairs")
    else:
        emit(design, "rustworkx", "ecmp", seconds, "all vertex pairs")


def run_ngraph(design, path, args):
    import re
    import networkx as nx
    from ngraph.analysis.functions import build_maxflow_context, max_flow_analysis
    from ngraph.model.network import Link, Network, Node

    graph = nx.read_graphml(path)
    network = Network()
    for name in graph.nodes:
        network.add_node(Node(name))
    ids = []
    for u, v, capacity in cables(graph):
        link = Link(u, v, capacity=capacity)
        network.add_link(link)
        ids.append(link.id)
    source, target = endpoints(graph)
    selectors = (f"^{re.escape(source)}$", f"^{re.escape(target)}$")
    context = build_maxflow_context(network, *selectors)

    def flow(excluded):
        result = max_flow_analysis(network, set(), excluded, *selectors, context=context)
        return result.summary.total_placed

    seconds, value = median_time(args.repetitions, lambda: flow(set()))
    emit(design, "ngraph", "maxflow", seconds, f"{value:.6g} bit/s")
    start = time.perf_counter()
    flow({ids[0]})
    per_link = time.perf_counter() - start
    count = max(1, min(len(ids), int(args.ecmp_budget / max(per_link, 1e-9))))
    start = time.perf_counter()
    lowest = min(flow({link}) for link in ids[:count])
    elapsed = time.perf_counter() - start
    if count < len(ids):
        emit(design, "ngraph", "sweep", elapsed * len(ids) / count, f"extrap {count}/{len(ids)} links; min {lowest:.6g} bit/s")
    else:
        emit(design, "ngraph", "sweep", elapsed, f"{len(ids)} links; min {lowest:.6g} bit/s")


def rustworkx_betweenness(path, queue):
    import threading
    import rustworkx as rx
    graph = rx.read_graphml(path)[0]
    start = time.perf_counter()
    done = threading.Event()

    def report_when_late():
        # Tells the parent when the run passes the limit, so it can stop this process.
        if not done.wait(timeout=LIMIT_HOLDER[0]):
            queue.put(time.perf_counter() - start)

    threading.Thread(target=report_when_late, daemon=True).start()
    rx.edge_betweenness_centrality(graph, normalized=False)
    done.set()
    queue.put(time.perf_counter() - start)


LIMIT_HOLDER = [600.0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--ecmp-budget", type=float, default=60.0)
    parser.add_argument("--tools", default="networkx,igraph,rustworkx")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    LIMIT_HOLDER[0] = 10 * args.ecmp_budget
    runners = {"networkx": run_networkx, "igraph": run_igraph, "rustworkx": run_rustworkx, "ngraph": run_ngraph}
    for path in args.files:
        design = path.rsplit("/", 1)[-1].removesuffix(".graphml")
        for tool in args.tools.split(","):
            try:
                runners[tool](design, path, args)
            except ImportError:
                emit(design, tool, "import", float("nan"), "not installed")
            except Exception as error:  # a peer failing on a file is a result too
                emit(design, tool, "error", float("nan"), f"{type(error).__name__}: {error}"[:120])


if __name__ == "__main__":
    sys.exit(main())
