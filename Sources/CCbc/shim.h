// COIN-OR CBC (branch and cut) through its C interface: the exact bisection of small designs
// (FabricGraph/Bisection/ExactBisection.swift). Debian/Ubuntu: coinor-libcbc-dev.
#include <Cbc_C_Interface.h>
// COIN-OR CLP (simplex), which CBC links and coinor-libcbc-dev pulls in (coinor-libclp-dev): the exact
// maximum-concurrent-flow LP of FabricGraph/Throughput/ThroughputLP.swift.
#include <Clp_C_Interface.h>
