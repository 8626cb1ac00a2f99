/// Orders strings the way people number things: `pod-2` before `pod-10` (digit runs compared as numbers).
/// - Complexity: O(length of the shorter string).
public func naturalLess(_ lhs: String, _ rhs: String) -> Bool {
    let left = Array(lhs.utf8)
    let right = Array(rhs.utf8)
    var i = 0
    var j = 0
    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    while i < left.count, j < right.count {
        if isDigit(left[i]), isDigit(right[j]) {
            var endI = i
            while endI < left.count, isDigit(left[endI]) { endI += 1 }
            var endJ = j
            while endJ < right.count, isDigit(right[endJ]) { endJ += 1 }
            var startI = i
            while startI < endI - 1, left[startI] == 0x30 { startI += 1 }
            var startJ = j
            while startJ < endJ - 1, right[startJ] == 0x30 { startJ += 1 }
            let lengthI = endI - startI
            let lengthJ = endJ - startJ
            if lengthI != lengthJ { return lengthI < lengthJ }
            for offset in 0..<lengthI where left[startI + offset] != right[startJ + offset] {
                return left[startI + offset] < right[startJ + offset]
            }
            if endI - i != endJ - j { return endI - i < endJ - j }
            i = endI
            j = endJ
        } else {
            if left[i] != right[j] { return left[i] < right[j] }
            i += 1
            j += 1
        }
    }
    return left.count - i < right.count - j
}
