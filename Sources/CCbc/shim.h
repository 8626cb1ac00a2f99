// COIN-OR CBC (branch and cut) through its C interface: the exact bisection of small designs
// (FabricGraph/Bisection/ExactBisection.swift). Debian/Ubuntu: coinor-libcbc-dev.
#include <Cbc_C_Interface.h>
