import TagPulseWire

extension ProcessMetrics {
    /// The families, with HELP and TYPE: `process_*` for this process, `<prefix>process_*` for another one exported
    /// here (the gateway writes its engine's as `tagpulse_engine_process_*`).
    public func render(into text: inout PrometheusText, prefix: String = "") {
        let whose = prefix.isEmpty ? "" : " (the engine's)"
        func gauge(_ name: String, _ help: String, _ value: Double) {
            text.family(prefix + name, .gauge, help: help + whose)
            text.sample(prefix + name, [], value)
        }
        let cpu = "process_cpu_seconds_total"
        text.family(prefix + cpu, .counter, help: "Total user and system CPU time spent in seconds" + whose)
        text.sample(prefix + cpu, [], self.cpuSeconds)
        gauge("process_resident_memory_bytes", "Resident memory size in bytes", self.residentBytes)
        gauge("process_virtual_memory_bytes", "Virtual memory size in bytes", self.virtualBytes)
        gauge("process_open_fds", "Number of open file descriptors", self.openFileDescriptors)
        if let max = self.maxFileDescriptors { gauge("process_max_fds", "Maximum number of open file descriptors", max) }
        gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds", self.startTimeSeconds)
    }
}
