import FabricGraph
import FabricModel
import Yams

extension ConfigurationParser {
    /// Parses the `failure_model:` section: class rates by class name, `risk_groups` and `srlgs` by name,
    /// `spares_per_block` (`1/64`) and `spare_block` (the device key of a block, `rack` by default).
    func parseFailureModel(_ node: Node) throws(RulesError) -> FailureModel {
        var model = FailureModel()
        let known = FailureClass.fixedNames + ["risk_groups", "srlgs", "spares_per_block", "spare_block"]
        for (keyNode, value) in try mapping(node, "failure_model") {
            let key = try keyName(keyNode)
            switch key {
            case "risk_groups", "srlgs":
                for (nameNode, rateNode) in try mapping(value, key) {
                    let name = try keyName(nameNode)
                    let rate = try parseRate(rateNode, "\(key).\(name)", base: FailureRate(perYear: 0, mttrHours: 0))
                    if key == "srlgs" { model.srlgRates[name] = rate } else { model.riskGroups[name] = rate }
                }
            case "spares_per_block":
                let text: String
                if let count = value.int { text = String(count) } else { text = try string(value, key) }
                guard let ratio = SpareRatio(parsing: text) else {
                    throw .wrongType(location: location(value), key: key, expected: "spares per accelerators, as in 1/64")
                }
                model.sparesPerBlock = ratio
            case "spare_block": model.blockKey = try string(value, key)
            default:
                guard let failureClass = FailureClass(name: key) else {
                    throw .unknownKey(location: location(keyNode), key: key, context: "failure_model", known: known)
                }
                model.rates[failureClass] = try parseRate(value, key, base: model.rate(of: failureClass))
            }
        }
        return model
    }

    /// `{ failure_rate_per_year: X, mttr_hours: Y }` (or `mtbf_hours` instead of the rate), each ≥ 0.
    func parseRate(_ node: Node, _ key: String, base: FailureRate) throws(RulesError) -> FailureRate {
        var rate = base
        for (keyNode, value) in try mapping(node, key) {
            let name = try keyName(keyNode)
            guard value.scalar != nil, let number = value.float, number.isFinite, number >= 0 else {
                throw .wrongType(location: location(value), key: "\(key).\(name)", expected: "a non-negative number")
            }
            switch name {
            case FailureModel.rateKey: rate.perYear = number
            case FailureModel.mttrKey: rate.mttrHours = number
            case "mtbf_hours": rate.perYear = number > 0 ? FailureRate.hoursPerYear / number : 0
            default:
                throw .unknownKey(
                    location: location(keyNode), key: name, context: key,
                    known: [FailureModel.rateKey, FailureModel.mttrKey, "mtbf_hours"])
            }
        }
        return rate
    }
}
