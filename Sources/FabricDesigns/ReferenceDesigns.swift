import FabricModel

/// The named reference designs of `REFERENCE-DESIGNS.md`, each a fixed parameterization of a family.
enum ReferenceDesigns {
    static let all: [NamedDesign] = [
        NamedDesign(name: "fattree-k4", summary: "k=4 fat-tree test fixture: 16 hosts, 20 switches, 48 links", generateOnly: false) {
            () throws(DesignError) in try FatTreeDesign(k: 4, bandwidth: 400e9, name: "fattree-k4")
        },
        NamedDesign(name: "fattree-k48", summary: "k=48 fat-tree at 400 Gb/s: 27,648 hosts, 2,880 switches", generateOnly: false) {
            () throws(DesignError) in try FatTreeDesign(k: 48, bandwidth: 400e9, name: "fattree-k48")
        },
        NamedDesign(name: "leafspine-64", summary: "2-tier 1:1 fixture: 4 leaves × 16 accelerators, 2 spines, 8 links per pair", generateOnly: false) {
            () throws(DesignError) in try leafSpine64()
        },
        NamedDesign(name: "torus-4x4x4", summary: "3D torus fixture with wrap-around, 64 accelerators", generateOnly: false) {
            () throws(DesignError) in
            try TorusDesign(
                dims: [4, 4, 4], wrap: true, bandwidth: 400e9, cube: 2, name: "torus-4x4x4",
                description: "3D torus 4x4x4 with wrap-around (k-ary n-cube, k=4, n=3): 64 accelerators, 192 links of 50 GB/s per "
                    + "direction; racks of 2x2x2, electrical inside a rack and optical between racks. Test fixture.",
                lossless: true, virtualLanes: 2)
        },
        NamedDesign(name: "tpu-v4-16x16x16", summary: "TPU v4-style 3D torus 16×16×16, 50 GB/s links", generateOnly: false) {
            () throws(DesignError) in
            try TorusDesign(
                dims: [16, 16, 16], wrap: true, bandwidth: 400e9, cube: 4, name: "tpu-v4-16x16x16",
                description: "Google TPU v4-style pod (Jouppi et al., ISCA 2023): 4,096 chips in a 16x16x16 3D torus with wrap-around, "
                    + "12,288 ICI links of 50 GB/s per direction. Chips sit in racks of 4x4x4 (electrical links inside a rack); links "
                    + "between racks are optical (through the OCS layer, modelled as direct cables) and share the cable bundle of "
                    + "their rack pair. Dateline routing needs 2 virtual lanes.",
                lossless: true, virtualLanes: 2)
        },
        NamedDesign(name: "ubmesh-pod-1k", summary: "UB-Mesh 4D full mesh 8×8×4×4 (1,024 NPUs)", generateOnly: false) {
            () throws(DesignError) in try ubMesh1k()
        },
        NamedDesign(
            name: "atlas950-like-8k", summary: "8 UB-Mesh pods + 16 high-radix UB switches (8,192 NPUs; hypothetical wiring)",
            generateOnly: false
        ) { () throws(DesignError) in try atlas950() },
        NamedDesign(name: "atlas960-like-15k", summary: "242 racks × 64 NPUs (15,488): 8×8 rack mesh + 4 switched UB planes", generateOnly: false) {
            () throws(DesignError) in try atlas960()
        },
        NamedDesign(name: "cloudmatrix384", summary: "Huawei CloudMatrix384: 384 NPUs, 192 CPUs, 7 UB planes", generateOnly: false) {
            () throws(DesignError) in try CloudMatrixDesign(nodes: 48, name: "cloudmatrix384")
        },
        NamedDesign(
            name: "dgx-h100-4su", summary: "DGX H100 SuperPOD, 4 SUs: 1,024 GPUs, NVSwitch nodes, rail-optimized leaf–spine",
            generateOnly: false
        ) { () throws(DesignError) in try dgxH100() },
        NamedDesign(
            name: "gb200-nvl72-su", summary: "GB200 NVL72 SU: 8 racks × 72 GPUs, 18 NVSwitch chips per rack, leaf–spine",
            generateOnly: false
        ) { () throws(DesignError) in try gb200() },
        NamedDesign(name: "dragonfly-a16-p8-h8", summary: "balanced dragonfly a=16 p=8 h=8: 129 groups, 16,512 hosts", generateOnly: false) {
            () throws(DesignError) in try DragonflyDesign(a: 16, p: 8, h: 8, bandwidth: 400e9, name: "dragonfly-a16-p8-h8")
        },
        NamedDesign(name: "hpn-pod-15k", summary: "Alibaba HPN-style dual-plane pod: 15 segments × 1,024 GPUs", generateOnly: false) {
            () throws(DesignError) in try hpn()
        },
        NamedDesign(name: "meta-like-24k", summary: "Meta-style 24k RoCE cluster: 8 pods × 192 racks × 16 GPUs, 3 tiers", generateOnly: false) {
            () throws(DesignError) in try meta()
        },
        NamedDesign(name: "supercluster-512k", summary: "64 × atlas950-like-8k + scale-out Clos (524,288 NPUs)", generateOnly: true) {
            () throws(DesignError) in try SuperclusterDesign(superpods: 64, name: "supercluster-512k")
        },
        NamedDesign(name: "supercluster-1m", summary: "128 × atlas950-like-8k + scale-out Clos (1,048,576 NPUs)", generateOnly: true) {
            () throws(DesignError) in try SuperclusterDesign(superpods: 128, name: "supercluster-1m")
        },
    ]

    static func leafSpine64() throws(DesignError) -> ClosDesign {
        let shape = ClosShape(
            tiers: 2, pods: 1, hostsPerPod: 64, rails: 1, planes: 1, leafDown: 16, spines: 2, leafSpineLinks: 8,
            superspines: 0, spineSuperLinks: 0, hostBandwidth: 400e9, fabricBandwidth: 400e9,
            leafRadix: 32, spineRadix: 32, superRadix: 32, tierNames: ["leaf", "spine", "super"])
        return try ClosDesign(
            shape: shape, name: "leafspine-64",
            description: "2-tier 1:1 leaf-spine test fixture: 4 leaves of 16 accelerators, 2 spines, each leaf with 8 parallel "
                + "400 Gb/s links to each spine (one cable bundle per leaf-spine pair); switches of radix 32.",
            singleHomed: true)
    }

    static func ubMesh1k() throws(DesignError) -> FullMeshDesign {
        try FullMeshDesign(
            dims: [8, 8, 4, 4], bandwidths: [400e9, 400e9, 200e9, 200e9], rackDims: 2, name: "ubmesh-pod-1k",
            description: "UB-Mesh pod (Liao et al., 'UB-Mesh: a Hierarchically Localized nD-FullMesh Datacenter Network "
                + "Architecture', 2025): 1,024 NPUs in a 4D full mesh 8x8x4x4 - X=8 NPUs on a board, Y=8 boards in a rack "
                + "(X and Y links 50 GB/s per direction, electrical), Z=4 racks in a row and W=4 rows (Z and W links 25 GB/s, "
                + "optical); 16 racks of 64 NPUs. Inter-rack links share the cable bundle of their rack pair.",
            profile: "superpod")
    }

    static func atlas950() throws(DesignError) -> FullMeshDesign {
        try FullMeshDesign(
            dims: [8, 8, 4, 4], bandwidths: [400e9, 400e9, 200e9, 200e9], rackDims: 2, pods: 8,
            uplinks: .switches(count: 16, podsPerGroup: 8, radix: 512), uplinkBandwidth: 1.2e12, name: "atlas950-like-8k",
            family: "fullmesh",
            description: "Atlas-950-like SuperPoD, 8,192 NPUs: 8 ubmesh-pod-1k pods (4D full mesh 8x8x4x4, X/Y 50 GB/s, Z/W 25 GB/s "
                + "per direction) plus 16 high-radix UB switches (radix 512); the NPU with pod-local index i uplinks to switch "
                + "i mod 16 at 150 GB/s per direction. Hypothetical: Huawei has not published the wiring.",
            profile: "superpod")
    }

    /// The UB plane of the 15k design: 4 planes; per rack and plane one L1 UB switch (64 down, 64 up, radix 128);
    /// per plane 32 L2 switches of radix 512, each L1 to each L2 of its plane with 2 links (484 of 512 ports used).
    static func atlas960() throws(DesignError) -> FullMeshDesign {
        try FullMeshDesign(
            dims: [8, 8], bandwidths: [400e9, 400e9], rackDims: 2, pods: 242,
            uplinks: .planes(count: 4, spines: 32, radix: 512), uplinkBandwidth: 400e9, name: "atlas960-like-15k",
            family: "fullmesh",
            description: "Atlas-960-like SuperPoD, the 15k scale target: 242 racks x 64 NPUs = 15,488 NPUs. Inside each rack an 8x8 "
                + "2D full mesh (UB-Mesh X and Y, 50 GB/s per direction, electrical). Switched UB plane (fabcheck's design; Huawei "
                + "has not published the wiring): 4 independent planes; in every rack one L1 UB switch per plane (radix 128: "
                + "64 NPU links down, 64 up); per plane 32 L2 UB switches of radix 512; every L1 connects to each of its plane's "
                + "32 L2 with 2 links (484 of 512 L2 ports used). Every NPU has one 50 GB/s link into each plane (200 GB/s "
                + "switched UB per NPU), all switch links 50 GB/s, non-blocking 1:1 at L1. 968 L1 + 128 L2 = 1,096 switches. "
                + "No switch exceeds its radix; losing a plane, an L1 or an L2 disconnects no NPU.",
            profile: "superpod")
    }

    static func dgxH100() throws(DesignError) -> ScaleUpClosDesign {
        let shape = ClosShape(
            tiers: 2, pods: 4, hostsPerPod: 256, rails: 8, planes: 1, leafDown: 32, spines: 16, leafSpineLinks: 2,
            superspines: 0, spineSuperLinks: 0, hostBandwidth: 400e9, fabricBandwidth: 400e9,
            leafRadix: 64, spineRadix: 64, superRadix: 64, tierNames: ["leaf", "spine", "super"])
        let properties = DesignProperties(
            family: "dgx-superpod", name: "dgx-h100-4su", parameters: [("sus", "4"), ("nodes-per-su", "32")],
            description: "NVIDIA DGX SuperPOD with DGX H100 (reference architecture), 4 scalable units of 32 nodes: 1,024 GPUs. In each node "
                + "4 NVSwitch chips; each GPU has 18 NVLinks of 25 GB/s per direction, 5/4/4/5 to the four chips (450 GB/s). Compute "
                + "fabric rail-optimized: GPU r of every node of SU s connects with one 400 Gb/s link to leaf 8s+r; 32 leaves and 16 spines, "
                + "2 links per leaf-spine pair (one cable bundle), radix 64, 1:1. GPUs are single-homed on the compute fabric.",
            accelerators: 1024, lossless: true, singleHomed: true)
        return try ScaleUpClosDesign(
            domains: 128, acceleratorsPerDomain: 8, linksPerChip: [5, 4, 4, 5], scaleUpBandwidth: 200e9, chipRadix: 64,
            shape: shape, properties: properties, closPodLabel: "su",
            domainName: { "su\($0 / 32)-n\($0 % 32)" }, podOfDomain: { "su-\($0 / 32)" })
    }

    static func gb200() throws(DesignError) -> ScaleUpClosDesign {
        let shape = ClosShape(
            tiers: 2, pods: 1, hostsPerPod: 576, rails: 1, planes: 1, leafDown: 32, spines: 16, leafSpineLinks: 2,
            superspines: 0, spineSuperLinks: 0, hostBandwidth: 400e9, fabricBandwidth: 400e9,
            leafRadix: 64, spineRadix: 64, superRadix: 64, tierNames: ["leaf", "spine", "super"])
        let properties = DesignProperties(
            family: "nvl72-superpod", name: "gb200-nvl72-su", parameters: [("racks", "8")],
            description: "NVIDIA GB200 NVL72 scalable unit: 8 racks of 72 Blackwell GPUs (576). In each rack 18 NVSwitch chips; every GPU has "
                + "one 50 GB/s per direction NVLink to each chip of its rack (900 GB/s). Scale-out: one 400 Gb/s link per GPU to 18 leaves "
                + "(GPU i to leaf i/32, 32 down) and 16 spines, 2 links per leaf-spine pair, radix 64, 1:1. GPUs are single-homed on "
                + "the scale-out fabric.",
            accelerators: 576, lossless: true, singleHomed: true)
        return try ScaleUpClosDesign(
            domains: 8, acceleratorsPerDomain: 72, linksPerChip: Array(repeating: 1, count: 18), scaleUpBandwidth: 400e9,
            chipRadix: 72, shape: shape, properties: properties, closPodLabel: "su",
            domainName: { "rack\($0)" }, podOfDomain: { _ in nil })
    }

    static func hpn() throws(DesignError) -> ClosDesign {
        let shape = ClosShape(
            tiers: 2, pods: 15, hostsPerPod: 1024, rails: 8, planes: 2, leafDown: 128, spines: 60, leafSpineLinks: 1,
            superspines: 0, spineSuperLinks: 0, hostBandwidth: 200e9, fabricBandwidth: 400e9,
            leafRadix: 192, spineRadix: 128, superRadix: 128, tierNames: ["tor", "agg", "core"])
        return try ClosDesign(
            shape: shape, name: "hpn-pod-15k", family: "clos",
            description: "Alibaba HPN-style pod (Qian et al., 'Alibaba HPN: A Data Center Network for Large Language Model "
                + "Training', SIGCOMM 2024): 15 segments of 128 hosts x 8 GPUs = 15,360 GPUs. Dual-plane, rail-optimized: "
                + "each GPU has 2 x 200 Gb/s links, one to its rail's ToR in plane A and one in plane B (16 ToRs per segment, "
                + "128 down each); 60 aggregation switches per plane; every ToR connects to every aggregation switch of its "
                + "plane at 400 Gb/s (ToR 25.6:24 = 1.067:1). ToR radix 192, aggregation radix 128.",
            podLabel: "segment", hostPrefix: "gpu", lossless: true, noSPOF: true, singleHomed: false)
    }

    static func meta() throws(DesignError) -> ClosDesign {
        let shape = ClosShape(
            tiers: 3, pods: 8, hostsPerPod: 3072, rails: 1, planes: 1, leafDown: 16, spines: 16, leafSpineLinks: 1,
            superspines: 16, spineSuperLinks: 28, hostBandwidth: 400e9, fabricBandwidth: 400e9,
            leafRadix: 32, spineRadix: 256, superRadix: 256, tierNames: ["rsw", "csw", "agg"])
        return try ClosDesign(
            shape: shape, name: "meta-like-24k", family: "clos",
            description: "Meta-style 24k-GPU RoCE cluster (Gangidi et al., 'RDMA over Ethernet for Distributed AI Training at "
                + "Meta Scale', SIGCOMM 2024): 8 AI zones (pods) of 192 racks x 16 GPUs = 24,576 GPUs. Each rack switch (RSW) "
                + "has 16 down and 16 up at 400 Gb/s, one to each of the pod's 16 cluster switches (CSW); 16 aggregation "
                + "switches (ATSW), switch j connected to CSW j of every pod with 28 links (192:28, about 7:1 between pods). "
                + "GPUs are single-homed on their RSW.",
            podLabel: "pod", hostPrefix: "gpu", lossless: true, singleHomed: true)
    }
}
