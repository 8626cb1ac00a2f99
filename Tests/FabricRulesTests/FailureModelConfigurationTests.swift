import FabricGraph
import FabricModel
import FabricRules
import Testing

/// The `failure_model:` section of the rules file (fabcheck reliability).
@Suite struct FailureModelConfigurationTests {
    @Test func parsesClassesGroupsSRLGsAndSpares() throws {
        let yaml = """
            failure_model:
              accelerator: { failure_rate_per_year: 0.2, mttr_hours: 72 }
              switch-tier2: { mtbf_hours: 87600 }
              link-optical: { mttr_hours: 2 }
              risk_groups:
                power_feed: { failure_rate_per_year: 0.5, mttr_hours: 6 }
              srlgs:
                tray-1: { failure_rate_per_year: 0.1, mttr_hours: 12 }
              spares_per_block: 1/64
              spare_block: pod
            """
        let model = try #require(try RuleConfiguration.parse(yaml: yaml, file: "fabcheck.yml").failureModel)
        #expect(model.rate(of: .accelerator) == FailureRate(perYear: 0.2, mttrHours: 72))
        #expect(model.rate(of: .switchTier(2)) == FailureRate(perYear: 0.1, mttrHours: 8))
        // A partial entry keeps the default's other half.
        #expect(model.rate(of: .opticalLink) == FailureRate(perYear: 0.02, mttrHours: 2))
        #expect(model.rate(of: .riskGroup("power_feed")) == FailureRate(perYear: 0.5, mttrHours: 6))
        #expect(model.srlgRates["tray-1"] == FailureRate(perYear: 0.1, mttrHours: 12))
        #expect(model.sparesPerBlock == SpareRatio(count: 1, per: 64) && model.blockKey == "pod")
        #expect(model.sparesPerBlock?.spares(inBlockOf: 128) == 2)
    }

    @Test func mistakesNameTheLineAndTheKnownKeys() {
        let cases: [(String, String)] = [
            ("failure_model:\n  acelerator: { mttr_hours: 1 }\n", "fabcheck.yml:2:3"),
            ("failure_model:\n  nic: { mttr_hours: -4 }\n", "fabcheck.yml:2:22"),
            ("failure_model:\n  nic: { rate: 1 }\n", "fabcheck.yml:2:10"),
            ("failure_model:\n  spares_per_block: one in 64\n", "fabcheck.yml:2:21"),
        ]
        for (yaml, location) in cases {
            do {
                _ = try RuleConfiguration.parse(yaml: yaml, file: "fabcheck.yml")
                Issue.record("accepted \(yaml)")
            } catch {
                #expect(error.description.hasPrefix(location), "\(error.description)")
            }
        }
    }
}
