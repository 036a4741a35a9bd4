/// `SSTORE` pricing.
extension Frame {
    /// `SSTORE` gas and refunds: legacy (set 20,000 / reset 5,000) or EIP-2200 net metering with
    /// EIP-2929 cold slots. False when out of gas.
    mutating func storeStorage(key: UInt256, value: UInt256) -> Bool {
        let address = message.recipient
        let costs = rules.costs
        let current = state.storage(address, key: key)
        if !rules.netStorageMetering {
            let cost = current.isZero && !value.isZero ? costs.sstoreSet : costs.sstoreReset
            guard charge(cost) else { return false }
            if !current.isZero && value.isZero { refund += costs.sstoreClearRefund }
            state.setStorage(address, key: key, value: value)
            return true
        }
        // EIP-2200: no SSTORE with the call stipend or less left.
        guard gas > 2300 else { return false }
        var cost: Int64 = 0
        if rules.accessLists && !state.warmSlot(address, key: key) { cost += costs.coldSload }
        let original = state.originalStorage(address, key: key)
        let warmRead = rules.accessLists ? costs.warmAccess : costs.sload
        if current == value {
            cost += warmRead
        } else if original == current {
            if original.isZero {
                cost += costs.sstoreSet
            } else {
                cost += costs.sstoreReset
                if value.isZero { refund += costs.sstoreClearRefund }
            }
        } else {
            cost += warmRead
            if !original.isZero {
                if current.isZero { refund -= costs.sstoreClearRefund }
                if value.isZero { refund += costs.sstoreClearRefund }
            }
            if original == value {
                refund += original.isZero ? costs.sstoreSet - warmRead : costs.sstoreReset - warmRead
            }
        }
        guard charge(cost) else { return false }
        if current != value { state.setStorage(address, key: key, value: value) }
        return true
    }
}
