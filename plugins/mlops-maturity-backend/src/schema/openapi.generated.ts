// Generated from openapi.yaml by scripts/generate-openapi.js; do not edit.
export const spec = {
  "openapi": "3.0.3",
  "info": {
    "title": "mlops-maturity",
    "version": "1",
    "description": "MLOps maturity scorecards for the ML services in the Backstage catalog: levels 0 (manual), 1 (semi-automated) and 2 (fully automated), every check with its evidence, what blocks the next level, and history.",
    "license": {
      "name": "Apache-2.0"
    }
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "components": {
    "parameters": {
      "kind": {
        "name": "kind",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^[A-Za-z][A-Za-z0-9-]*$"
        }
      },
      "namespace": {
        "name": "namespace",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$"
        }
      },
      "name": {
        "name": "name",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$"
        }
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "name",
              "message"
            ],
            "properties": {
              "name": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            }
          },
          "reason": {
            "type": "string",
            "description": "Why a scorecard is missing.",
            "enum": [
              "unknown-entity",
              "not-ml-service",
              "not-evaluated"
            ]
          }
        }
      },
      "Evidence": {
        "type": "object",
        "required": [
          "source",
          "strength",
          "detail"
        ],
        "properties": {
          "source": {
            "type": "string"
          },
          "strength": {
            "type": "string",
            "enum": [
              "observed",
              "declared"
            ]
          },
          "detail": {
            "type": "string"
          },
          "location": {
            "type": "string"
          },
          "sample": {
            "type": "boolean"
          },
          "stale": {
            "type": "boolean"
          }
        }
      },
      "CheckResult": {
        "type": "object",
        "required": [
          "id",
          "title",
          "dimension",
          "level",
          "required",
          "weight",
          "persona",
          "status",
          "message",
          "evidence",
          "remediation"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "dimension": {
            "type": "string"
          },
          "level": {
            "type": "integer",
            "enum": [
              1,
              2
            ]
          },
          "required": {
            "type": "boolean"
          },
          "weight": {
            "type": "number"
          },
          "persona": {
            "type": "string",
            "enum": [
              "data-scientist",
              "ml-engineer",
              "devops"
            ]
          },
          "status": {
            "type": "string",
            "enum": [
              "pass",
              "fail",
              "unknown",
              "waived",
              "not-applicable"
            ]
          },
          "message": {
            "type": "string"
          },
          "evidence": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Evidence"
            }
          },
          "remediation": {
            "type": "string"
          },
          "docsUrl": {
            "type": "string"
          }
        }
      },
      "Breakdown": {
        "type": "object",
        "required": [
          "id",
          "score",
          "passed",
          "total"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "score": {
            "type": "number"
          },
          "passed": {
            "type": "integer"
          },
          "total": {
            "type": "integer"
          }
        }
      },
      "Scorecard": {
        "type": "object",
        "required": [
          "entityRef",
          "flavor",
          "level",
          "levelName",
          "score",
          "coverage",
          "evaluatedAt",
          "checks",
          "dimensions",
          "personas",
          "metrics",
          "containsSampleData"
        ],
        "properties": {
          "entityRef": {
            "type": "string"
          },
          "flavor": {
            "type": "string",
            "enum": [
              "ml",
              "llm"
            ]
          },
          "level": {
            "type": "integer",
            "enum": [
              0,
              1,
              2
            ]
          },
          "levelName": {
            "type": "string"
          },
          "score": {
            "type": "number",
            "minimum": 0,
            "maximum": 100
          },
          "coverage": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          },
          "evaluatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "checks": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CheckResult"
            }
          },
          "dimensions": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Breakdown"
            }
          },
          "personas": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Breakdown"
            }
          },
          "nextLevel": {
            "type": "object",
            "required": [
              "level",
              "blockers",
              "blockersByPersona"
            ],
            "properties": {
              "level": {
                "type": "integer",
                "enum": [
                  1,
                  2
                ]
              },
              "blockers": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "blockersByPersona": {
                "type": "object",
                "additionalProperties": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              }
            }
          },
          "metrics": {
            "type": "object",
            "properties": {
              "timeToProductionDays": {
                "type": "number"
              },
              "deploysLast30d": {
                "type": "number"
              },
              "modelAgeDays": {
                "type": "number"
              },
              "ciSuccessRate": {
                "type": "number"
              }
            }
          },
          "owner": {
            "type": "string"
          },
          "system": {
            "type": "string"
          },
          "domain": {
            "type": "string"
          },
          "containsSampleData": {
            "type": "boolean"
          }
        }
      },
      "CheckDefinition": {
        "type": "object",
        "required": [
          "id",
          "title",
          "description",
          "dimension",
          "level",
          "required",
          "weight",
          "persona",
          "flavors",
          "sources",
          "remediation"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "dimension": {
            "type": "string"
          },
          "level": {
            "type": "integer",
            "enum": [
              1,
              2
            ]
          },
          "required": {
            "type": "boolean"
          },
          "weight": {
            "type": "number"
          },
          "persona": {
            "type": "string"
          },
          "flavors": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "ml",
                "llm"
              ]
            }
          },
          "sources": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "remediation": {
            "type": "string"
          },
          "docsUrl": {
            "type": "string"
          },
          "custom": {
            "type": "boolean"
          },
          "requireObserved": {
            "type": "boolean"
          },
          "parameters": {
            "type": "object",
            "additionalProperties": {
              "type": "object",
              "properties": {
                "type": {
                  "type": "string"
                },
                "description": {
                  "type": "string"
                },
                "value": {}
              }
            }
          }
        }
      },
      "ServiceSummary": {
        "type": "object",
        "required": [
          "entityRef",
          "flavor",
          "level",
          "levelName",
          "score",
          "coverage",
          "evaluatedAt",
          "failingChecks"
        ],
        "properties": {
          "entityRef": {
            "type": "string"
          },
          "flavor": {
            "type": "string",
            "enum": [
              "ml",
              "llm"
            ]
          },
          "level": {
            "type": "integer",
            "enum": [
              0,
              1,
              2
            ]
          },
          "levelName": {
            "type": "string"
          },
          "score": {
            "type": "number"
          },
          "coverage": {
            "type": "number"
          },
          "evaluatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "owner": {
            "type": "string"
          },
          "system": {
            "type": "string"
          },
          "domain": {
            "type": "string"
          },
          "failingChecks": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "PushedFacts": {
        "type": "object",
        "required": [
          "facts"
        ],
        "additionalProperties": false,
        "properties": {
          "facts": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {
              "type": "object",
              "required": [
                "source",
                "facts"
              ],
              "additionalProperties": false,
              "properties": {
                "source": {
                  "type": "string",
                  "enum": [
                    "ci",
                    "registry",
                    "monitoring",
                    "custom"
                  ],
                  "description": "ci, registry and monitoring must match the CiFacts, RegistryFacts and MonitoringFacts shapes of the common package; custom takes any JSON object."
                },
                "collectedAt": {
                  "type": "string",
                  "format": "date-time"
                },
                "facts": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    }
  },
  "paths": {
    "/scorecards/{kind}/{namespace}/{name}": {
      "get": {
        "operationId": "GetScorecard",
        "description": "The latest scorecard of an ML service.",
        "parameters": [
          {
            "$ref": "#/components/parameters/kind"
          },
          {
            "$ref": "#/components/parameters/namespace"
          },
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "responses": {
          "200": {
            "description": "The scorecard.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Scorecard"
                }
              }
            }
          },
          "404": {
            "description": "Unknown entity, not an ML service, or not evaluated yet; `reason` says which.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/scorecards/{kind}/{namespace}/{name}/history": {
      "get": {
        "operationId": "GetScorecardHistory",
        "description": "Level and score over time.",
        "parameters": [
          {
            "$ref": "#/components/parameters/kind"
          },
          {
            "$ref": "#/components/parameters/namespace"
          },
          {
            "$ref": "#/components/parameters/name"
          },
          {
            "name": "from",
            "in": "query",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "to",
            "in": "query",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "History points, oldest first.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "evaluatedAt",
                          "level",
                          "score",
                          "coverage"
                        ],
                        "properties": {
                          "evaluatedAt": {
                            "type": "string",
                            "format": "date-time"
                          },
                          "level": {
                            "type": "integer"
                          },
                          "score": {
                            "type": "number"
                          },
                          "coverage": {
                            "type": "number"
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "404": {
            "description": "Unknown entity or not an ML service.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/scorecards/{kind}/{namespace}/{name}/refresh": {
      "post": {
        "operationId": "RefreshScorecard",
        "description": "Collects every source for the service now and re-scores it.",
        "parameters": [
          {
            "$ref": "#/components/parameters/kind"
          },
          {
            "$ref": "#/components/parameters/namespace"
          },
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "responses": {
          "200": {
            "description": "The new scorecard.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Scorecard"
                }
              }
            }
          },
          "403": {
            "description": "The caller may not refresh scorecards."
          },
          "404": {
            "description": "Unknown entity or not an ML service.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/facts/{kind}/{namespace}/{name}": {
      "post": {
        "operationId": "PushFacts",
        "description": "Pushes facts about an ML service from CI jobs or systems without a collector. Everything is validated before anything is stored; the service is re-scored.",
        "parameters": [
          {
            "$ref": "#/components/parameters/kind"
          },
          {
            "$ref": "#/components/parameters/namespace"
          },
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PushedFacts"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; the re-scored scorecard.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Scorecard"
                }
              }
            }
          },
          "400": {
            "description": "Malformed facts; nothing was stored.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No valid credentials."
          },
          "403": {
            "description": "The caller may not push facts."
          },
          "404": {
            "description": "Unknown entity or not an ML service."
          }
        }
      }
    },
    "/checks": {
      "get": {
        "operationId": "ListChecks",
        "description": "The effective check catalogue (built-in, module and custom checks after overrides).",
        "responses": {
          "200": {
            "description": "Check definitions.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/CheckDefinition"
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    },
    "/services": {
      "get": {
        "operationId": "ListServices",
        "description": "Evaluated ML services with level and score, filterable and paged.",
        "parameters": [
          {
            "name": "level",
            "in": "query",
            "schema": {
              "type": "integer",
              "enum": [
                0,
                1,
                2
              ]
            }
          },
          {
            "name": "owner",
            "in": "query",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "domain",
            "in": "query",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "system",
            "in": "query",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "flavor",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "ml",
                "llm"
              ]
            }
          },
          {
            "name": "failing",
            "in": "query",
            "description": "Only services where this check id fails.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "page",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "default": 1
            }
          },
          {
            "name": "pageSize",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500,
              "default": 50
            }
          },
          {
            "name": "orderBy",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "entityRef",
                "score",
                "level"
              ],
              "default": "entityRef"
            }
          },
          {
            "name": "order",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "asc",
                "desc"
              ],
              "default": "asc"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of services.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items",
                    "totalCount",
                    "page",
                    "pageSize"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ServiceSummary"
                      }
                    },
                    "totalCount": {
                      "type": "integer"
                    },
                    "page": {
                      "type": "integer"
                    },
                    "pageSize": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          }
        }
      }
    },
    "/status": {
      "get": {
        "operationId": "GetStatus",
        "description": "Queue progress, the last cycle and per-source collection errors.",
        "responses": {
          "200": {
            "description": "Status.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "queue",
                    "sources",
                    "collectors"
                  ],
                  "properties": {
                    "queue": {
                      "type": "object",
                      "required": [
                        "total",
                        "due",
                        "inProgress"
                      ],
                      "properties": {
                        "total": {
                          "type": "integer"
                        },
                        "due": {
                          "type": "integer"
                        },
                        "inProgress": {
                          "type": "integer"
                        }
                      }
                    },
                    "lastCycle": {
                      "type": "object",
                      "properties": {
                        "startedAt": {
                          "type": "string"
                        },
                        "finishedAt": {
                          "type": "string"
                        },
                        "evaluated": {
                          "type": "integer"
                        },
                        "failed": {
                          "type": "integer"
                        }
                      }
                    },
                    "sources": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "source": {
                            "type": "string"
                          },
                          "entities": {
                            "type": "integer"
                          },
                          "errors": {
                            "type": "integer"
                          },
                          "lastError": {
                            "type": "string"
                          }
                        }
                      }
                    },
                    "collectors": {
                      "type": "array",
                      "description": "Upstream calls of each live collector since the backend started.",
                      "items": {
                        "type": "object",
                        "properties": {
                          "id": {
                            "type": "string"
                          },
                          "source": {
                            "type": "string"
                          },
                          "calls": {
                            "type": "integer"
                          },
                          "errors": {
                            "type": "integer"
                          },
                          "rateLimited": {
                            "type": "integer"
                          },
                          "notModified": {
                            "type": "integer"
                          },
                          "retries": {
                            "type": "integer"
                          },
                          "lastError": {
                            "type": "string"
                          },
                          "lastErrorAt": {
                            "type": "string"
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
} as const;
