/// The OpenAPI 3 document of the controller's REST API, served at `/v1/openapi.json`.
///
/// `docs/openapi.json` is the same text (a test keeps them equal); later issues extend both.
enum OpenAPIDocument {
    static let json = #"""
{
  "components": {
    "schemas": {
      "APIToken": {
        "properties": {
          "created_at": {
            "format": "date-time",
            "type": "string"
          },
          "expires_at": {
            "format": "date-time",
            "type": "string"
          },
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "revoked_at": {
            "format": "date-time",
            "type": "string"
          },
          "scopes": {
            "items": {
              "example": "network:read",
              "type": "string"
            },
            "type": "array"
          },
          "tenant_id": {
            "type": "string"
          },
          "user_id": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "user_id",
          "name",
          "scopes",
          "created_at",
          "expires_at"
        ],
        "type": "object"
      },
      "APITokenPage": {
        "additionalProperties": false,
        "properties": {
          "items": {
            "items": {
              "$ref": "#/components/schemas/APIToken"
            },
            "type": "array"
          },
          "next_cursor": {
            "nullable": true,
            "type": "string"
          }
        },
        "required": [
          "items",
          "next_cursor"
        ],
        "type": "object"
      },
      "AuditEntry": {
        "properties": {
          "action": {
            "example": "user.create",
            "type": "string"
          },
          "actor_id": {
            "type": "string"
          },
          "actor_name": {
            "type": "string"
          },
          "hash": {
            "description": "hex SHA-256 over previous_hash and the entry",
            "type": "string"
          },
          "outcome": {
            "description": "ok, or the error code of the failure",
            "type": "string"
          },
          "parameters": {
            "additionalProperties": {
              "type": "string"
            },
            "type": "object"
          },
          "previous_hash": {
            "description": "hex SHA-256",
            "type": "string"
          },
          "sequence": {
            "format": "int64",
            "type": "integer"
          },
          "source_address": {
            "type": "string"
          },
          "target": {
            "type": "string"
          },
          "tenant_id": {
            "type": "string"
          },
          "time": {
            "format": "date-time",
            "type": "string"
          }
        },
        "required": [
          "sequence",
          "time",
          "actor_id",
          "actor_name",
          "action",
          "target",
          "parameters",
          "outcome",
          "source_address",
          "previous_hash",
          "hash"
        ],
        "type": "object"
      },
      "AuditEntryPage": {
        "additionalProperties": false,
        "properties": {
          "items": {
            "items": {
              "$ref": "#/components/schemas/AuditEntry"
            },
            "type": "array"
          },
          "next_cursor": {
            "nullable": true,
            "type": "string"
          }
        },
        "required": [
          "items",
          "next_cursor"
        ],
        "type": "object"
      },
      "AuditVerification": {
        "properties": {
          "entries_checked": {
            "type": "integer"
          },
          "first_broken_sequence": {
            "format": "int64",
            "type": "integer"
          },
          "reason": {
            "type": "string"
          },
          "valid": {
            "type": "boolean"
          }
        },
        "required": [
          "valid",
          "entries_checked"
        ],
        "type": "object"
      },
      "BlockList": {
        "properties": {
          "height": {
            "type": "integer"
          },
          "items": {
            "items": {
              "type": "object"
            },
            "type": "array"
          }
        },
        "type": "object"
      },
      "ChangePasswordRequest": {
        "additionalProperties": false,
        "properties": {
          "current_password": {
            "format": "password",
            "type": "string"
          },
          "new_password": {
            "format": "password",
            "type": "string"
          }
        },
        "required": [
          "current_password",
          "new_password"
        ],
        "type": "object"
      },
      "ChangeRoleRequest": {
        "additionalProperties": false,
        "properties": {
          "role": {
            "$ref": "#/components/schemas/Role"
          }
        },
        "required": [
          "role"
        ],
        "type": "object"
      },
      "CreateInvitationRequest": {
        "additionalProperties": false,
        "properties": {
          "expires_in_seconds": {
            "description": "Lifetime, 60 s to 30 days; default one day.",
            "type": "integer"
          }
        },
        "type": "object"
      },
      "CreateJoinTokenRequest": {
        "additionalProperties": false,
        "properties": {
          "labels": {
            "additionalProperties": {
              "type": "string"
            },
            "type": "object"
          },
          "tenant_id": {
            "description": "Defaults to the caller's tenant; platform admins may omit it for a platform host.",
            "type": "string"
          },
          "ttl_seconds": {
            "default": 3600,
            "maximum": 604800,
            "minimum": 1,
            "type": "integer"
          }
        },
        "type": "object"
      },
      "CreateNetworkRequest": {
        "additionalProperties": false,
        "properties": {
          "block": {
            "additionalProperties": false,
            "properties": {
              "interval_ms": {
                "minimum": 1,
                "type": "integer"
              },
              "max_transactions": {
                "minimum": 1,
                "type": "integer"
              }
            },
            "type": "object"
          },
          "consensus": {
            "enum": [
              "raft"
            ],
            "type": "string"
          },
          "crypto": {
            "enum": [
              "p256",
              "sm2"
            ],
            "type": "string"
          },
          "engine": {
            "enum": [
              "baas-ledger"
            ],
            "type": "string"
          },
          "name": {
            "maxLength": 64,
            "minLength": 1,
            "type": "string"
          },
          "nodes": {
            "items": {
              "additionalProperties": false,
              "properties": {
                "host": {
                  "description": "A host id or name.",
                  "type": "string"
                },
                "resources": {
                  "properties": {
                    "cpu_millicores": {
                      "type": "integer"
                    },
                    "memory_bytes": {
                      "type": "integer"
                    }
                  },
                  "type": "object"
                },
                "role": {
                  "description": "validator (votes) or observer (a Raft learner: replicates and serves reads, never votes); at least one validator.",
                  "enum": [
                    "validator",
                    "observer"
                  ],
                  "type": "string"
                },
                "selector": {
                  "additionalProperties": {
                    "type": "string"
                  },
                  "description": "Labels a host must have; the least loaded match is chosen.",
                  "type": "object"
                }
              },
              "type": "object"
            },
            "maxItems": 256,
            "minItems": 1,
            "type": "array"
          },
          "tenant_id": {
            "type": "string"
          },
          "version": {
            "type": "string"
          }
        },
        "required": [
          "name",
          "nodes"
        ],
        "type": "object"
      },
      "CreateTenantRequest": {
        "additionalProperties": false,
        "properties": {
          "display_name": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "owner": {
            "$ref": "#/components/schemas/OwnerRequest"
          }
        },
        "required": [
          "name",
          "owner"
        ],
        "type": "object"
      },
      "CreateTokenRequest": {
        "additionalProperties": false,
        "properties": {
          "expires_in": {
            "description": "Seconds until expiry (default 90 days, at most 365 days).",
            "minimum": 1,
            "type": "integer"
          },
          "name": {
            "type": "string"
          },
          "scopes": {
            "items": {
              "description": "resource:action, either side may be *",
              "type": "string"
            },
            "minItems": 1,
            "type": "array"
          }
        },
        "required": [
          "name",
          "scopes"
        ],
        "type": "object"
      },
      "CreateUserRequest": {
        "additionalProperties": false,
        "properties": {
          "display_name": {
            "type": "string"
          },
          "email": {
            "type": "string"
          },
          "password": {
            "format": "password",
            "type": "string"
          },
          "role": {
            "$ref": "#/components/schemas/Role"
          },
          "tenant_id": {
            "description": "Platform admins only; others create users in their own tenant.",
            "type": "string"
          },
          "username": {
            "type": "string"
          }
        },
        "required": [
          "username",
          "password",
          "role"
        ],
        "type": "object"
      },
      "CreatedInvitation": {
        "properties": {
          "code": {
            "description": "The one-time code, shown only here (stored as its hash).",
            "type": "string"
          },
          "expires_at": {
            "format": "date-time",
            "type": "string"
          },
          "id": {
            "type": "string"
          },
          "network_id": {
            "type": "string"
          }
        },
        "type": "object"
      },
      "CreatedJoinToken": {
        "properties": {
          "controller_pin_sha256": {
            "type": "string"
          },
          "expires_at": {
            "format": "date-time",
            "type": "string"
          },
          "id": {
            "type": "string"
          },
          "token": {
            "description": "baas1.<id>.<secret>.<pin>: shown once.",
            "type": "string"
          }
        },
        "required": [
          "id",
          "token",
          "expires_at",
          "controller_pin_sha256"
        ],
        "type": "object"
      },
      "CreatedNetwork": {
        "properties": {
          "job": {
            "$ref": "#/components/schemas/Job"
          },
          "network": {
            "$ref": "#/components/schemas/Network"
          }
        },
        "type": "object"
      },
      "CreatedTenant": {
        "properties": {
          "owner": {
            "$ref": "#/components/schemas/User"
          },
          "tenant": {
            "$ref": "#/components/schemas/Tenant"
          }
        },
        "required": [
          "tenant",
          "owner"
        ],
        "type": "object"
      },
      "CreatedToken": {
        "properties": {
          "secret": {
            "description": "The bearer secret, shown this once.",
            "type": "string"
          },
          "token": {
            "$ref": "#/components/schemas/APIToken"
          }
        },
        "required": [
          "secret",
          "token"
        ],
        "type": "object"
      },
      "DesiredState": {
        "properties": {
          "generation": {
            "type": "integer"
          },
          "nodes": {
            "items": {
              "$ref": "#/components/schemas/NodeSpec"
            },
            "type": "array"
          }
        },
        "type": "object"
      },
      "DesiredStateRequest": {
        "additionalProperties": false,
        "properties": {
          "nodes": {
            "items": {
              "$ref": "#/components/schemas/NodeSpec"
            },
            "type": "array"
          }
        },
        "required": [
          "nodes"
        ],
        "type": "object"
      },
      "EnrollmentRequest": {
        "properties": {
          "csr": {
            "description": "PKCS#10 PEM",
            "type": "string"
          },
          "facts": {
            "type": "object"
          },
          "name": {
            "type": "string"
          },
          "token": {
            "type": "string"
          }
        },
        "required": [
          "token",
          "csr",
          "name",
          "facts"
        ],
        "type": "object"
      },
      "EnrollmentResponse": {
        "properties": {
          "caCertificate": {
            "type": "string"
          },
          "certificate": {
            "type": "string"
          },
          "gatewayPort": {
            "type": "integer"
          },
          "hostID": {
            "type": "string"
          }
        },
        "type": "object"
      },
      "Error": {
        "properties": {
          "error": {
            "properties": {
              "code": {
                "example": "controller.not_found",
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            },
            "required": [
              "code",
              "message"
            ],
            "type": "object"
          }
        },
        "required": [
          "error"
        ],
        "type": "object"
      },
      "Host": {
        "properties": {
          "addresses": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "certificate_expires_at": {
            "format": "date-time",
            "type": "string"
          },
          "enrolled_at": {
            "format": "date-time",
            "type": "string"
          },
          "facts": {
            "description": "hostname, operatingSystem, kernel, architecture, cpus, memoryBytes, disks, addresses, labels, engines, hsm (module, tokenLabel, algorithms: the PKCS#11 token node keys are made in; absent without one)",
            "type": "object"
          },
          "id": {
            "type": "string"
          },
          "labels": {
            "additionalProperties": {
              "type": "string"
            },
            "type": "object"
          },
          "last_seen_at": {
            "format": "date-time",
            "nullable": true,
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "status": {
            "enum": [
              "online",
              "offline",
              "revoked"
            ],
            "type": "string"
          },
          "tenant_id": {
            "nullable": true,
            "type": "string"
          }
        },
        "type": "object"
      },
      "HostDetail": {
        "properties": {
          "addresses": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "applied_generation": {
            "nullable": true,
            "type": "integer"
          },
          "certificate_expires_at": {
            "format": "date-time",
            "type": "string"
          },
          "desired_generation": {
            "type": "integer"
          },
          "desired_nodes": {
            "items": {
              "$ref": "#/components/schemas/NodeSpec"
            },
            "type": "array"
          },
          "enrolled_at": {
            "format": "date-time",
            "type": "string"
          },
          "events": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "facts": {
            "description": "hostname, operatingSystem, kernel, architecture, cpus, memoryBytes, disks, addresses, labels, engines, hsm (module, tokenLabel, algorithms: the PKCS#11 token node keys are made in; absent without one)",
            "type": "object"
          },
          "id": {
            "type": "string"
          },
          "labels": {
            "additionalProperties": {
              "type": "string"
            },
            "type": "object"
          },
          "last_seen_at": {
            "format": "date-time",
            "nullable": true,
            "type": "string"
          },
          "metrics": {
            "nullable": true,
            "properties": {
              "collectedAt": {
                "format": "date-time",
                "type": "string"
              },
              "samples": {
                "items": {
                  "type": "object"
                },
                "type": "array"
              }
            },
            "type": "object"
          },
          "name": {
            "type": "string"
          },
          "nodes": {
            "items": {
              "type": "object"
            },
            "type": "array"
          },
          "status": {
            "enum": [
              "online",
              "offline",
              "revoked"
            ],
            "type": "string"
          },
          "tenant_id": {
            "nullable": true,
            "type": "string"
          }
        },
        "type": "object"
      },
      "HostPage": {
        "properties": {
          "items": {
            "items": {
              "$ref": "#/components/schemas/Host"
            },
            "type": "array"
          },
          "next_cursor": {
            "nullable": true,
            "type": "string"
          }
        },
        "type": "object"
      },
      "Job": {
        "properties": {
          "created_at": {
            "format": "date-time",
            "type": "string"
          },
          "error": {
            "properties": {
              "code": {
                "type": "string"
              },
              "host_id": {
                "type": "string"
              },
              "host_name": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            },
            "type": "object"
          },
          "finished_at": {
            "format": "date-time",
            "type": "string"
          },
          "id": {
            "type": "string"
          },
          "kind": {
            "enum": [
              "deploy",
              "rollback"
            ],
            "type": "string"
          },
          "network_id": {
            "type": "string"
          },
          "status": {
            "enum": [
              "running",
              "succeeded",
              "failed",
              "rolled_back"
            ],
            "type": "string"
          },
          "steps": {
            "items": {
              "$ref": "#/components/schemas/JobStep"
            },
            "type": "array"
          },
          "tenant_id": {
            "type": "string"
          },
          "updated_at": {
            "format": "date-time",
            "type": "string"
          }
        },
        "type": "object"
      },
      "JobStep": {
        "properties": {
          "detail": {
            "type": "string"
          },
          "done": {
            "type": "integer"
          },
          "name": {
            "type": "string"
          },
          "seconds": {
            "type": "number"
          },
          "state": {
            "enum": [
              "pending",
              "running",
              "succeeded",
              "failed"
            ],
            "type": "string"
          },
          "total": {
            "type": "integer"
          }
        },
        "type": "object"
      },
      "JoinNetworkRequest": {
        "additionalProperties": false,
        "properties": {
          "code": {
            "description": "The invitation code from the network's owner.",
            "type": "string"
          },
          "nodes": {
            "items": {
              "additionalProperties": false,
              "properties": {
                "host": {
                  "description": "A host of the caller's own tenant (id or name).",
                  "type": "string"
                },
                "role": {
                  "description": "observer (default), or validator: added as an observer and promoted once caught up.",
                  "enum": [
                    "observer",
                    "validator"
                  ],
                  "type": "string"
                }
              },
              "required": [
                "host"
              ],
              "type": "object"
            },
            "maxItems": 16,
            "minItems": 1,
            "type": "array"
          }
        },
        "required": [
          "code",
          "nodes"
        ],
        "type": "object"
      },
      "LoginRequest": {
        "additionalProperties": false,
        "properties": {
          "password": {
            "format": "password",
            "type": "string"
          },
          "totp": {
            "description": "The current 6-digit code, when the user enrolled TOTP.",
            "type": "string"
          },
          "username": {
            "type": "string"
          }
        },
        "required": [
          "username",
          "password"
        ],
        "type": "object"
      },
      "LoginResponse": {
        "properties": {
          "expires_at": {
            "format": "date-time",
            "type": "string"
          },
          "session_id": {
            "type": "string"
          },
          "token": {
            "description": "Send as Authorization: Bearer <token>.",
            "type": "string"
          },
          "user": {
            "$ref": "#/components/schemas/User"
          }
        },
        "required": [
          "token",
          "expires_at",
          "session_id",
          "user"
        ],
        "type": "object"
      },
      "Network": {
        "properties": {
          "block_interval_ms": {
            "type": "integer"
          },
          "ca_certificate": {
            "type": "string"
          },
          "chain_id": {
            "type": "string"
          },
          "consensus": {
            "type": "string"
          },
          "created_at": {
            "format": "date-time",
            "type": "string"
          },
          "crypto": {
            "type": "string"
          },
          "engine": {
            "type": "string"
          },
          "genesis": {
            "type": "string"
          },
          "id": {
            "type": "string"
          },
          "max_transactions_per_block": {
            "type": "integer"
          },
          "member_tenants": {
            "description": "Tenants that joined with nodes on their own hosts (R5.1 join): they read the network and its chain, and manage none of its owner's nodes.",
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "name": {
            "type": "string"
          },
          "nodes": {
            "items": {
              "$ref": "#/components/schemas/NetworkNode"
            },
            "type": "array"
          },
          "status": {
            "enum": [
              "deploying",
              "running",
              "failed",
              "rolled_back"
            ],
            "type": "string"
          },
          "tenant_id": {
            "type": "string"
          },
          "transport_ca_certificate": {
            "type": "string"
          },
          "user_address": {
            "type": "string"
          },
          "user_certificate": {
            "type": "string"
          },
          "version": {
            "type": "string"
          }
        },
        "type": "object"
      },
      "NetworkNode": {
        "properties": {
          "address": {
            "type": "string"
          },
          "api_port": {
            "type": "integer"
          },
          "certificate": {
            "type": "string"
          },
          "host_id": {
            "type": "string"
          },
          "host_name": {
            "type": "string"
          },
          "id": {
            "type": "string"
          },
          "number": {
            "type": "integer"
          },
          "p2p_port": {
            "type": "integer"
          },
          "role": {
            "description": "validator or observer (a Raft learner).",
            "type": "string"
          },
          "status": {
            "type": "string"
          },
          "tenant_id": {
            "description": "The tenant whose host runs a node that joined; absent for the network owner's nodes.",
            "type": "string"
          }
        },
        "type": "object"
      },
      "NetworkNodePage": {
        "properties": {
          "items": {
            "items": {
              "$ref": "#/components/schemas/NetworkNode"
            },
            "type": "array"
          },
          "next_cursor": {
            "nullable": true,
            "type": "string"
          }
        },
        "type": "object"
      },
      "NetworkPage": {
        "properties": {
          "items": {
            "items": {
              "$ref": "#/components/schemas/Network"
            },
            "type": "array"
          },
          "next_cursor": {
            "nullable": true,
            "type": "string"
          }
        },
        "type": "object"
      },
      "NodeSpec": {
        "properties": {
          "arguments": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "configFiles": {
            "additionalProperties": {
              "type": "string"
            },
            "type": "object"
          },
          "engine": {
            "description": "Absolute path of the executable.",
            "type": "string"
          },
          "environment": {
            "additionalProperties": {
              "type": "string"
            },
            "type": "object"
          },
          "id": {
            "type": "string"
          },
          "keys": {
            "items": {
              "type": "string"
            },
            "type": "array"
          },
          "ports": {
            "items": {
              "type": "integer"
            },
            "type": "array"
          },
          "resources": {
            "properties": {
              "cpuMillicores": {
                "type": "integer"
              },
              "memoryBytes": {
                "type": "integer"
              }
            },
            "type": "object"
          },
          "version": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "engine"
        ],
        "type": "object"
      },
      "OwnerRequest": {
        "additionalProperties": false,
        "properties": {
          "display_name": {
            "type": "string"
          },
          "email": {
            "type": "string"
          },
          "password": {
            "format": "password",
            "type": "string"
          },
          "username": {
            "type": "string"
          }
        },
        "required": [
          "username",
          "password"
        ],
        "type": "object"
      },
      "PlatformCA": {
        "properties": {
          "certificate": {
            "type": "string"
          },
          "pin_sha256": {
            "type": "string"
          }
        },
        "type": "object"
      },
      "ResetPasswordRequest": {
        "additionalProperties": false,
        "properties": {
          "new_password": {
            "format": "password",
            "type": "string"
          }
        },
        "required": [
          "new_password"
        ],
        "type": "object"
      },
      "Role": {
        "enum": [
          "platform_admin",
          "tenant_owner",
          "tenant_admin",
          "operator",
          "auditor",
          "viewer"
        ],
        "type": "string"
      },
      "SignUpRequest": {
        "additionalProperties": false,
        "properties": {
          "display_name": {
            "type": "string"
          },
          "email": {
            "type": "string"
          },
          "password": {
            "format": "password",
            "type": "string"
          },
          "tenant_display_name": {
            "type": "string"
          },
          "tenant_name": {
            "type": "string"
          },
          "username": {
            "type": "string"
          }
        },
        "required": [
          "tenant_name",
          "username",
          "password"
        ],
        "type": "object"
      },
      "StepUpRequest": {
        "additionalProperties": false,
        "properties": {
          "totp": {
            "type": "string"
          }
        },
        "required": [
          "totp"
        ],
        "type": "object"
      },
      "StepUpResponse": {
        "properties": {
          "second_factor_at": {
            "format": "date-time",
            "type": "string"
          },
          "valid_until": {
            "format": "date-time",
            "type": "string"
          }
        },
        "required": [
          "second_factor_at",
          "valid_until"
        ],
        "type": "object"
      },
      "SubmitTransactionRequest": {
        "additionalProperties": false,
        "properties": {
          "amount": {
            "type": "integer"
          },
          "key": {
            "type": "string"
          },
          "to": {
            "type": "string"
          },
          "value": {
            "type": "string"
          },
          "wait": {
            "description": "Wait for the commit (default true).",
            "type": "boolean"
          }
        },
        "type": "object"
      },
      "SubmittedTransaction": {
        "properties": {
          "hash": {
            "type": "string"
          },
          "height": {
            "type": "integer"
          },
          "node": {
            "type": "string"
          },
          "status": {
            "type": "string"
          }
        },
        "type": "object"
      },
      "TOTPCodeRequest": {
        "additionalProperties": false,
        "properties": {
          "code": {
            "type": "string"
          }
        },
        "required": [
          "code"
        ],
        "type": "object"
      },
      "TOTPEnrolment": {
        "properties": {
          "secret": {
            "description": "base32 seed, shown once",
            "type": "string"
          },
          "uri": {
            "description": "otpauth:// URI for a QR code",
            "type": "string"
          }
        },
        "required": [
          "secret",
          "uri"
        ],
        "type": "object"
      },
      "Tenant": {
        "properties": {
          "created_at": {
            "format": "date-time",
            "type": "string"
          },
          "display_name": {
            "type": "string"
          },
          "id": {
            "type": "string"
          },
          "name": {
            "pattern": "^[a-z0-9][a-z0-9-]{1,39}$",
            "type": "string"
          }
        },
        "required": [
          "id",
          "name",
          "display_name",
          "created_at"
        ],
        "type": "object"
      },
      "TenantPage": {
        "additionalProperties": false,
        "properties": {
          "items": {
            "items": {
              "$ref": "#/components/schemas/Tenant"
            },
            "type": "array"
          },
          "next_cursor": {
            "nullable": true,
            "type": "string"
          }
        },
        "required": [
          "items",
          "next_cursor"
        ],
        "type": "object"
      },
      "UpdateTenantRequest": {
        "additionalProperties": false,
        "properties": {
          "display_name": {
            "type": "string"
          }
        },
        "required": [
          "display_name"
        ],
        "type": "object"
      },
      "UpdateUserRequest": {
        "additionalProperties": false,
        "properties": {
          "display_name": {
            "type": "string"
          },
          "email": {
            "type": "string"
          }
        },
        "type": "object"
      },
      "User": {
        "properties": {
          "created_at": {
            "format": "date-time",
            "type": "string"
          },
          "display_name": {
            "type": "string"
          },
          "email": {
            "type": "string"
          },
          "id": {
            "type": "string"
          },
          "role": {
            "$ref": "#/components/schemas/Role"
          },
          "tenant_id": {
            "description": "Absent for platform admins.",
            "type": "string"
          },
          "totp_enabled": {
            "type": "boolean"
          },
          "username": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "username",
          "display_name",
          "email",
          "role",
          "totp_enabled",
          "created_at"
        ],
        "type": "object"
      },
      "UserPage": {
        "additionalProperties": false,
        "properties": {
          "items": {
            "items": {
              "$ref": "#/components/schemas/User"
            },
            "type": "array"
          },
          "next_cursor": {
            "nullable": true,
            "type": "string"
          }
        },
        "required": [
          "items",
          "next_cursor"
        ],
        "type": "object"
      }
    },
    "securitySchemes": {
      "bearer": {
        "description": "A session token (bss_...) from POST /v1/sessions or an API token (bat_...).",
        "scheme": "bearer",
        "type": "http"
      }
    }
  },
  "info": {
    "description": "Tenants, users, sessions, API tokens and the audit log of the BaaS controller. Errors are {\"error\":{\"code\",\"message\"}}; another tenant's objects answer 404 exactly like missing ones. Later issues add hosts, networks, nodes and chain data to this document.",
    "title": "BaaS controller API",
    "version": "0.1.0"
  },
  "openapi": "3.0.3",
  "paths": {
    "/healthz": {
      "get": {
        "operationId": "health",
        "responses": {
          "200": {
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "description": "ok"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          }
        },
        "security": [],
        "summary": "Liveness",
        "tags": [
          "meta"
        ]
      }
    },
    "/v1/audit": {
      "get": {
        "operationId": "listAudit",
        "parameters": [
          {
            "in": "query",
            "name": "limit",
            "schema": {
              "default": 50,
              "maximum": 500,
              "minimum": 1,
              "type": "integer"
            }
          },
          {
            "description": "The next_cursor of the previous page.",
            "in": "query",
            "name": "cursor",
            "schema": {
              "type": "string"
            }
          },
          {
            "in": "query",
            "name": "tenant_id",
            "schema": {
              "type": "string"
            }
          },
          {
            "in": "query",
            "name": "actor_id",
            "schema": {
              "type": "string"
            }
          },
          {
            "in": "query",
            "name": "action",
            "schema": {
              "type": "string"
            }
          },
          {
            "in": "query",
            "name": "target",
            "schema": {
              "type": "string"
            }
          },
          {
            "in": "query",
            "name": "outcome",
            "schema": {
              "type": "string"
            }
          },
          {
            "in": "query",
            "name": "since",
            "schema": {
              "format": "date-time",
              "type": "string"
            }
          },
          {
            "in": "query",
            "name": "until",
            "schema": {
              "format": "date-time",
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditEntryPage"
                }
              }
            },
            "description": "A page"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          }
        },
        "summary": "Read the audit log (tenant users: their tenant's entries), oldest first",
        "tags": [
          "audit"
        ]
      }
    },
    "/v1/audit/verify": {
      "get": {
        "operationId": "verifyAudit",
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditVerification"
                }
              }
            },
            "description": "The result"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          }
        },
        "summary": "Check the audit hash chain; reports the first broken link",
        "tags": [
          "audit"
        ]
      }
    },
    "/v1/hosts": {
      "get": {
        "operationId": "listHosts",
        "parameters": [
          {
            "in": "query",
            "name": "limit",
            "schema": {
              "default": 50,
              "maximum": 500,
              "minimum": 1,
              "type": "integer"
            }
          },
          {
            "description": "The next_cursor of the previous page.",
            "in": "query",
            "name": "cursor",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/HostPage"
                }
              }
            },
            "description": "A page"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          }
        },
        "summary": "List hosts (the tenant's; platform admins: all)",
        "tags": [
          "hosts"
        ]
      }
    },
    "/v1/hosts/ca": {
      "get": {
        "operationId": "getPlatformCA",
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PlatformCA"
                }
              }
            },
            "description": "The platform root"
          },
          "503": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "This controller runs without host management."
          }
        },
        "security": [],
        "summary": "The platform root certificate that agents pin",
        "tags": [
          "hosts"
        ]
      }
    },
    "/v1/hosts/enroll": {
      "post": {
        "description": "Called by `baas-agent enroll` over TLS pinned to the platform root; the join token in the body is the credential.",
        "operationId": "enrollHost",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/EnrollmentRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "201": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EnrollmentResponse"
                }
              }
            },
            "description": "Enrolled"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Unknown, expired, used or foreign join token."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "A field has an invalid value."
          },
          "503": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "This controller runs without host management."
          }
        },
        "security": [],
        "summary": "Enroll a host with a join token and a CSR",
        "tags": [
          "hosts"
        ]
      }
    },
    "/v1/hosts/join-tokens": {
      "post": {
        "operationId": "createHostJoinToken",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateJoinTokenRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "201": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CreatedJoinToken"
                }
              }
            },
            "description": "Created; the token text is shown only here"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such host, or one of another tenant."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "A field has an invalid value."
          }
        },
        "summary": "Create a one-time join token carrying the controller's root pin",
        "tags": [
          "hosts"
        ]
      }
    },
    "/v1/hosts/{id}": {
      "delete": {
        "operationId": "revokeHost",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "204": {
            "description": "Revoked; its channel was closed"
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such host, or one of another tenant."
          }
        },
        "summary": "Revoke a host (critical: needs a fresh second factor)",
        "tags": [
          "hosts"
        ]
      },
      "get": {
        "operationId": "getHost",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/HostDetail"
                }
              }
            },
            "description": "The host with live data"
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such host, or one of another tenant."
          }
        },
        "summary": "One host with its latest metrics and nodes",
        "tags": [
          "hosts"
        ]
      }
    },
    "/v1/hosts/{id}/desired-state": {
      "put": {
        "operationId": "setHostDesiredState",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/DesiredStateRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DesiredState"
                }
              }
            },
            "description": "The new desired state"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such host, or one of another tenant."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "The host is revoked."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "A field has an invalid value."
          }
        },
        "summary": "Replace the node set the host should run (pushed at once when online)",
        "tags": [
          "hosts"
        ]
      }
    },
    "/v1/jobs/{id}": {
      "get": {
        "operationId": "getJob",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Job"
                }
              }
            },
            "description": "The job"
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such job, or one of another tenant."
          }
        },
        "summary": "A deployment job with live per-step progress and, when failed, the host and its cause",
        "tags": [
          "networks"
        ]
      }
    },
    "/v1/jobs/{id}/retry": {
      "post": {
        "operationId": "retryJob",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "202": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Job"
                }
              }
            },
            "description": "The job, running again"
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such job, or one of another tenant."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Only a failed deployment job can be retried."
          }
        },
        "summary": "Run a failed deployment job again (keys made on hosts are reused)",
        "tags": [
          "networks"
        ]
      }
    },
    "/v1/networks": {
      "get": {
        "operationId": "listNetworks",
        "parameters": [
          {
            "in": "query",
            "name": "limit",
            "schema": {
              "default": 50,
              "maximum": 500,
              "minimum": 1,
              "type": "integer"
            }
          },
          {
            "description": "The next_cursor of the previous page.",
            "in": "query",
            "name": "cursor",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/NetworkPage"
                }
              }
            },
            "description": "A page"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          }
        },
        "summary": "List networks (the tenant's; platform admins: all)",
        "tags": [
          "networks"
        ]
      },
      "post": {
        "operationId": "createNetwork",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateNetworkRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "202": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CreatedNetwork"
                }
              }
            },
            "description": "The network (status deploying) and its job"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such tenant, or one of another tenant."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "A chosen host has no free ports left in its range."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Invalid name, crypto, consensus, engine or node list; no host matches a selector."
          }
        },
        "summary": "Create a network: returns at once with its deployment job (202); poll the job",
        "tags": [
          "networks"
        ]
      }
    },
    "/v1/networks/{id}": {
      "get": {
        "operationId": "getNetwork",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Network"
                }
              }
            },
            "description": "The network"
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such network, or one of another tenant."
          }
        },
        "summary": "A network with its nodes, CA certificates and genesis",
        "tags": [
          "networks"
        ]
      }
    },
    "/v1/networks/{id}/blocks": {
      "get": {
        "operationId": "listNetworkBlocks",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          {
            "in": "query",
            "name": "limit",
            "schema": {
              "default": 20,
              "maximum": 100,
              "minimum": 1,
              "type": "integer"
            }
          },
          {
            "description": "Ask this node (its number) instead of the first reachable one.",
            "in": "query",
            "name": "node",
            "schema": {
              "type": "integer"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/BlockList"
                }
              }
            },
            "description": "The blocks"
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such network, or one of another tenant."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "The network is not running."
          },
          "502": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No node answered."
          }
        },
        "summary": "The latest blocks, newest first, from a node through its agent (audited)",
        "tags": [
          "networks"
        ]
      }
    },
    "/v1/networks/{id}/blocks/{height}": {
      "get": {
        "operationId": "getNetworkBlock",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          {
            "in": "path",
            "name": "height",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          {
            "description": "Ask this node (its number) instead of the first reachable one.",
            "in": "query",
            "name": "node",
            "schema": {
              "type": "integer"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            },
            "description": "The node's block JSON"
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such network or block, or one of another tenant."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "The network is not running."
          },
          "502": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No node answered."
          }
        },
        "summary": "A block by height, from a node through its agent (audited)",
        "tags": [
          "networks"
        ]
      }
    },
    "/v1/networks/{id}/invitations": {
      "post": {
        "operationId": "inviteToNetwork",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateInvitationRequest"
              }
            }
          },
          "required": false
        },
        "responses": {
          "201": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CreatedInvitation"
                }
              }
            },
            "description": "The invitation with its one-time code (audited as network.invitation.create)"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such network, or one of another tenant."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "network_not_running: the network is not running."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "invalid_invitation: expires_in_seconds out of range."
          }
        },
        "summary": "Invite another tenant to join the network with its own nodes (network owner)",
        "tags": [
          "networks"
        ]
      }
    },
    "/v1/networks/{id}/join": {
      "post": {
        "operationId": "joinNetwork",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/JoinNetworkRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "202": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CreatedNetwork"
                }
              }
            },
            "description": "The network and the join job (steps node_keys, certificates, configuration, desired_state, membership, catch_up, promotion)"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such network."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "invitation_used (each code works once), network_not_running, already_member (your own network), join_in_progress, ports_exhausted."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "invalid_invitation (wrong code), invitation_expired, host_of_another_tenant (nodes run on your own hosts), no_matching_host, invalid_join."
          }
        },
        "summary": "Join another tenant's running network with nodes on your own hosts (R5.1), using its owner's invitation code",
        "tags": [
          "networks"
        ]
      }
    },
    "/v1/networks/{id}/nodes": {
      "get": {
        "operationId": "listNetworkNodes",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/NetworkNodePage"
                }
              }
            },
            "description": "The nodes"
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such network, or one of another tenant."
          }
        },
        "summary": "The network's nodes: host, ports, status",
        "tags": [
          "networks"
        ]
      }
    },
    "/v1/networks/{id}/rollback": {
      "post": {
        "operationId": "rollBackNetwork",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "202": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Job"
                }
              }
            },
            "description": "The rollback job"
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such network, or one of another tenant."
          }
        },
        "summary": "Remove the network's nodes from their hosts (a running network needs a fresh second factor)",
        "tags": [
          "networks"
        ]
      }
    },
    "/v1/networks/{id}/transactions": {
      "post": {
        "operationId": "submitNetworkTransaction",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SubmitTransactionRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "201": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SubmittedTransaction"
                }
              }
            },
            "description": "Committed"
          },
          "202": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SubmittedTransaction"
                }
              }
            },
            "description": "Accepted, not yet committed"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such network, or one of another tenant."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "The network is not running."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "The node refused the transaction."
          },
          "502": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No node of the network could be reached through its agent."
          }
        },
        "summary": "Sign a write or transfer as the network's platform user and submit it through an agent (audited)",
        "tags": [
          "networks"
        ]
      }
    },
    "/v1/networks/{id}/transactions/{hash}": {
      "get": {
        "operationId": "getNetworkTransaction",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          {
            "in": "path",
            "name": "hash",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          {
            "description": "Ask this node (its number) instead of the first reachable one.",
            "in": "query",
            "name": "node",
            "schema": {
              "type": "integer"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            },
            "description": "The node's transaction JSON"
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Forbidden by role or token scope, or a critical operation without a fresh second factor."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such network or transaction, or one of another tenant."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "The network is not running."
          },
          "502": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No node answered."
          }
        },
        "summary": "A transaction by hash, from a node through its agent (audited)",
        "tags": [
          "networks"
        ]
      }
    },
    "/v1/openapi.json": {
      "get": {
        "operationId": "openapi",
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            },
            "description": "The OpenAPI 3 document"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          }
        },
        "security": [],
        "summary": "This document",
        "tags": [
          "meta"
        ]
      }
    },
    "/v1/sessions": {
      "post": {
        "operationId": "login",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/LoginRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "201": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LoginResponse"
                }
              }
            },
            "description": "A new session"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "423": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "The account is locked after too many failed logins."
          },
          "429": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Too many failed logins from this address."
          }
        },
        "security": [],
        "summary": "Log in",
        "tags": [
          "sessions"
        ]
      }
    },
    "/v1/sessions/current": {
      "delete": {
        "operationId": "logout",
        "responses": {
          "204": {
            "description": "Revoked"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          }
        },
        "summary": "Log out (revoke this session)",
        "tags": [
          "sessions"
        ]
      }
    },
    "/v1/sessions/current/step-up": {
      "post": {
        "operationId": "stepUp",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/StepUpRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/StepUpResponse"
                }
              }
            },
            "description": "Confirmed"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          }
        },
        "summary": "Prove a TOTP code for critical operations",
        "tags": [
          "sessions"
        ]
      }
    },
    "/v1/signup": {
      "post": {
        "operationId": "signUp",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SignUpRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "201": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CreatedTenant"
                }
              }
            },
            "description": "Created"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Conflicts with existing state (a name is taken, the last owner)."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Well-formed but invalid values (weak password, unknown role, invalid scope)."
          }
        },
        "security": [],
        "summary": "Create a tenant and its owner (when self sign-up is on)",
        "tags": [
          "tenants"
        ]
      }
    },
    "/v1/tenants": {
      "get": {
        "operationId": "listTenants",
        "parameters": [
          {
            "in": "query",
            "name": "limit",
            "schema": {
              "default": 50,
              "maximum": 500,
              "minimum": 1,
              "type": "integer"
            }
          },
          {
            "description": "The next_cursor of the previous page.",
            "in": "query",
            "name": "cursor",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TenantPage"
                }
              }
            },
            "description": "A page"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          }
        },
        "summary": "List tenants (platform admins: all; others: their own)",
        "tags": [
          "tenants"
        ]
      },
      "post": {
        "operationId": "createTenant",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateTenantRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "201": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CreatedTenant"
                }
              }
            },
            "description": "Created"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Conflicts with existing state (a name is taken, the last owner)."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Well-formed but invalid values (weak password, unknown role, invalid scope)."
          }
        },
        "summary": "Create a tenant with its owner (platform admins)",
        "tags": [
          "tenants"
        ]
      }
    },
    "/v1/tenants/{id}": {
      "delete": {
        "description": "Critical operation: needs a session whose TOTP second factor was proved within the step-up window (POST /v1/sessions/current/step-up).",
        "operationId": "deleteTenant",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such object, or it belongs to another tenant."
          }
        },
        "summary": "Delete a tenant with its users and tokens (platform admins)",
        "tags": [
          "tenants"
        ]
      },
      "get": {
        "operationId": "getTenant",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Tenant"
                }
              }
            },
            "description": "The tenant"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such object, or it belongs to another tenant."
          }
        },
        "summary": "Read a tenant",
        "tags": [
          "tenants"
        ]
      },
      "patch": {
        "operationId": "updateTenant",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UpdateTenantRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Tenant"
                }
              }
            },
            "description": "The tenant"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such object, or it belongs to another tenant."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Well-formed but invalid values (weak password, unknown role, invalid scope)."
          }
        },
        "summary": "Rename a tenant",
        "tags": [
          "tenants"
        ]
      }
    },
    "/v1/tokens": {
      "get": {
        "operationId": "listTokens",
        "parameters": [
          {
            "in": "query",
            "name": "limit",
            "schema": {
              "default": 50,
              "maximum": 500,
              "minimum": 1,
              "type": "integer"
            }
          },
          {
            "description": "The next_cursor of the previous page.",
            "in": "query",
            "name": "cursor",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/APITokenPage"
                }
              }
            },
            "description": "A page"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          }
        },
        "summary": "List API tokens (mine; owners, admins and auditors: the tenant's)",
        "tags": [
          "tokens"
        ]
      },
      "post": {
        "operationId": "createToken",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateTokenRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "201": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CreatedToken"
                }
              }
            },
            "description": "Created; the secret is shown once"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Well-formed but invalid values (weak password, unknown role, invalid scope)."
          }
        },
        "summary": "Create an API token (from a login session)",
        "tags": [
          "tokens"
        ]
      }
    },
    "/v1/tokens/{id}": {
      "delete": {
        "operationId": "revokeToken",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "204": {
            "description": "Revoked"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such object, or it belongs to another tenant."
          }
        },
        "summary": "Revoke an API token",
        "tags": [
          "tokens"
        ]
      },
      "get": {
        "operationId": "getToken",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/APIToken"
                }
              }
            },
            "description": "The token"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such object, or it belongs to another tenant."
          }
        },
        "summary": "Read an API token",
        "tags": [
          "tokens"
        ]
      }
    },
    "/v1/users": {
      "get": {
        "operationId": "listUsers",
        "parameters": [
          {
            "in": "query",
            "name": "limit",
            "schema": {
              "default": 50,
              "maximum": 500,
              "minimum": 1,
              "type": "integer"
            }
          },
          {
            "description": "The next_cursor of the previous page.",
            "in": "query",
            "name": "cursor",
            "schema": {
              "type": "string"
            }
          },
          {
            "in": "query",
            "name": "tenant_id",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/UserPage"
                }
              }
            },
            "description": "A page"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such object, or it belongs to another tenant."
          }
        },
        "summary": "List users (platform admins: all or ?tenant_id=; others: their tenant)",
        "tags": [
          "users"
        ]
      },
      "post": {
        "operationId": "createUser",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateUserRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "201": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/User"
                }
              }
            },
            "description": "Created"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such object, or it belongs to another tenant."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Conflicts with existing state (a name is taken, the last owner)."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Well-formed but invalid values (weak password, unknown role, invalid scope)."
          }
        },
        "summary": "Create a user (tenant owners and admins: sub-users up to their own role)",
        "tags": [
          "users"
        ]
      }
    },
    "/v1/users/me": {
      "get": {
        "operationId": "getMe",
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/User"
                }
              }
            },
            "description": "Me"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          }
        },
        "summary": "My profile",
        "tags": [
          "users"
        ]
      },
      "patch": {
        "operationId": "updateMe",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UpdateUserRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/User"
                }
              }
            },
            "description": "Me"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Well-formed but invalid values (weak password, unknown role, invalid scope)."
          }
        },
        "summary": "Change my profile",
        "tags": [
          "users"
        ]
      }
    },
    "/v1/users/me/password": {
      "post": {
        "operationId": "changePassword",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ChangePasswordRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "204": {
            "description": "Changed"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Well-formed but invalid values (weak password, unknown role, invalid scope)."
          }
        },
        "summary": "Change my password (ends my other sessions)",
        "tags": [
          "users"
        ]
      }
    },
    "/v1/users/me/totp": {
      "post": {
        "operationId": "enrolTOTP",
        "responses": {
          "201": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TOTPEnrolment"
                }
              }
            },
            "description": "The seed, shown once"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Conflicts with existing state (a name is taken, the last owner)."
          }
        },
        "summary": "Start TOTP enrolment",
        "tags": [
          "users"
        ]
      }
    },
    "/v1/users/me/totp/confirm": {
      "post": {
        "operationId": "confirmTOTP",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TOTPCodeRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "204": {
            "description": "TOTP is on"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Conflicts with existing state (a name is taken, the last owner)."
          }
        },
        "summary": "Confirm TOTP enrolment with a code",
        "tags": [
          "users"
        ]
      }
    },
    "/v1/users/me/totp/disable": {
      "post": {
        "operationId": "disableTOTP",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TOTPCodeRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "204": {
            "description": "TOTP is off"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          }
        },
        "summary": "Turn TOTP off with a current code",
        "tags": [
          "users"
        ]
      }
    },
    "/v1/users/{id}": {
      "delete": {
        "description": "Critical operation: needs a session whose TOTP second factor was proved within the step-up window (POST /v1/sessions/current/step-up).",
        "operationId": "deleteUser",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such object, or it belongs to another tenant."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Conflicts with existing state (a name is taken, the last owner)."
          }
        },
        "summary": "Delete a user with their sessions and tokens",
        "tags": [
          "users"
        ]
      },
      "get": {
        "operationId": "getUser",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/User"
                }
              }
            },
            "description": "The user"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such object, or it belongs to another tenant."
          }
        },
        "summary": "Read a user",
        "tags": [
          "users"
        ]
      },
      "patch": {
        "operationId": "updateUser",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UpdateUserRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/User"
                }
              }
            },
            "description": "The user"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such object, or it belongs to another tenant."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Well-formed but invalid values (weak password, unknown role, invalid scope)."
          }
        },
        "summary": "Change a user's profile",
        "tags": [
          "users"
        ]
      }
    },
    "/v1/users/{id}/password": {
      "post": {
        "operationId": "resetPassword",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ResetPasswordRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "204": {
            "description": "Reset"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such object, or it belongs to another tenant."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Well-formed but invalid values (weak password, unknown role, invalid scope)."
          }
        },
        "summary": "Reset a user's password (admins; ends their sessions, lifts a lockout)",
        "tags": [
          "users"
        ]
      }
    },
    "/v1/users/{id}/role": {
      "put": {
        "description": "Critical operation: needs a session whose TOTP second factor was proved within the step-up window (POST /v1/sessions/current/step-up).",
        "operationId": "changeRole",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ChangeRoleRequest"
              }
            }
          },
          "required": true
        },
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/User"
                }
              }
            },
            "description": "The user"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such object, or it belongs to another tenant."
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Conflicts with existing state (a name is taken, the last owner)."
          },
          "422": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Well-formed but invalid values (weak password, unknown role, invalid scope)."
          }
        },
        "summary": "Change a user's role",
        "tags": [
          "users"
        ]
      }
    },
    "/v1/users/{id}/sessions": {
      "delete": {
        "operationId": "revokeUserSessions",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "204": {
            "description": "Revoked"
          },
          "400": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Malformed request: invalid JSON, unknown field, field of the wrong type, bad query parameter."
          },
          "401": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Missing, invalid, expired or revoked credentials."
          },
          "403": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "Your role or token scope does not allow this, or a fresh second factor is needed."
          },
          "404": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            },
            "description": "No such object, or it belongs to another tenant."
          }
        },
        "summary": "End every session of a user (their own, or as an owner or admin)",
        "tags": [
          "users"
        ]
      }
    }
  },
  "security": [
    {
      "bearer": []
    }
  ],
  "servers": [
    {
      "url": "https://localhost:8443"
    }
  ],
  "tags": [
    {
      "name": "meta"
    },
    {
      "name": "sessions"
    },
    {
      "name": "tenants"
    },
    {
      "name": "users"
    },
    {
      "name": "tokens"
    },
    {
      "name": "audit"
    },
    {
      "description": "Enrolled machines running baas-agent",
      "name": "hosts"
    },
    {
      "name": "networks"
    }
  ]
}
"""#
}
