/// Raft consensus as a pure state machine: messages in; messages, entries to persist and commits out.
public enum Raft {}
