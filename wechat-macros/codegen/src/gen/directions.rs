//! Which way each type travels: sent (reachable from a request) needs `Serialize`,
//! received (reachable from a response) needs `Deserialize`. Deriving only what a type
//! needs halves the serde code of the built-in API, most of its build time.

use std::collections::HashSet;

use crate::spec::{Group, Response, TypeDef, TypeExpr, TypeKind};

/// The names of the types that are sent and of those that are received.
#[derive(Debug, Default)]
pub struct Directions {
    sent: HashSet<String>,
    received: HashSet<String>,
}

/// The serde derives a type needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Needs {
    /// It is sent: `Serialize`.
    pub serialize: bool,
    /// It is received: `Deserialize`.
    pub deserialize: bool,
}

impl Directions {
    /// The directions of a group's own types (names resolve to the group's types
    /// first, then to `shared`).
    pub fn of_group(group: &Group, shared: &[TypeDef]) -> Directions {
        let mut d = Directions::default();
        walk_group(group, shared, &mut d, Scope::Group);
        d
    }

    /// The directions of the shared types, over every group that uses them.
    pub fn of_shared(groups: &[Group], shared: &[TypeDef]) -> Directions {
        let mut d = Directions::default();
        for group in groups {
            walk_group(group, shared, &mut d, Scope::Shared);
        }
        d
    }

    /// What `name` needs. A type that is neither sent nor received (declared, unused)
    /// gets both, as it would by hand.
    pub fn needs(&self, name: &str) -> Needs {
        let (serialize, deserialize) = (self.sent.contains(name), self.received.contains(name));
        if !serialize && !deserialize {
            return Needs {
                serialize: true,
                deserialize: true,
            };
        }
        Needs {
            serialize,
            deserialize,
        }
    }
}

/// Which types a walk records: the group's own, or the shared ones.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Group,
    Shared,
}

fn walk_group(group: &Group, shared: &[TypeDef], d: &mut Directions, scope: Scope) {
    let find = |name: &str| -> Option<(&TypeDef, Scope)> {
        group
            .types
            .iter()
            .find(|t| t.name == name)
            .map(|t| (t, Scope::Group))
            .or_else(|| {
                shared
                    .iter()
                    .find(|t| t.name == name)
                    .map(|t| (t, Scope::Shared))
            })
    };
    for e in &group.endpoints {
        if let Some(req) = &e.request {
            mark(req, &find, &mut d.sent, scope, &mut HashSet::new());
        }
        if let Response::Named(resp) = &e.response {
            mark(resp, &find, &mut d.received, scope, &mut HashSet::new());
        }
    }
}

/// Marks `name` and every type it reaches, recording those of `scope`.
fn mark<'a>(
    name: &str,
    find: &dyn Fn(&str) -> Option<(&'a TypeDef, Scope)>,
    marked: &mut HashSet<String>,
    scope: Scope,
    seen: &mut HashSet<(String, bool)>,
) {
    let Some((t, found_in)) = find(name) else {
        return;
    };
    if !seen.insert((name.to_owned(), found_in == Scope::Group)) {
        return;
    }
    if found_in == scope {
        marked.insert(name.to_owned());
    }
    if let TypeKind::Struct(fields) = &t.kind {
        for f in fields {
            if let Some(inner) = named(&f.ty) {
                // A shared type's fields name shared types only.
                if found_in == Scope::Shared {
                    let shared_only = |n: &str| find(n).filter(|(_, s)| *s == Scope::Shared);
                    mark(inner, &shared_only, marked, scope, seen);
                } else {
                    mark(inner, find, marked, scope, seen);
                }
            }
        }
    }
}

/// The named type inside an expression, if any.
fn named(ty: &TypeExpr) -> Option<&str> {
    match ty {
        TypeExpr::Named(n) => Some(n),
        TypeExpr::Array(t) | TypeExpr::Optional(t) => named(t),
        TypeExpr::Scalar(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gen::snapshot_specs;

    #[test]
    fn requests_are_sent_and_answers_received_with_what_they_hold() {
        let set = snapshot_specs();
        let material = set.groups.iter().find(|g| g.name == "material").unwrap();
        let d = Directions::of_group(material, &[]);
        let sent_only = Needs {
            serialize: true,
            deserialize: false,
        };
        let received_only = Needs {
            serialize: false,
            deserialize: true,
        };
        let batchget = material.endpoints[0].request.as_deref().unwrap();
        assert_eq!(d.needs(batchget), sent_only);
        assert_eq!(d.needs("MaterialType"), sent_only, "held by a request");
        assert_eq!(d.needs("MaterialList"), received_only);
        assert_eq!(d.needs("MaterialItem"), received_only, "held by an answer");
        assert_eq!(
            d.needs("NotUsedAnywhere"),
            Needs {
                serialize: true,
                deserialize: true
            }
        );
    }
}
