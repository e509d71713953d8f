//! Checks a request we send to a provider against the provider's official OpenAPI description:
//! the operation exists, required fields are present, every field we send is declared, and types
//! match. Used with loopback mock servers so provider clients cannot drift from the real contract.

use serde_json::Value;

/// The folder holding the providers' official API descriptions.
pub fn specs_dir() -> std::path::PathBuf {
    if let Ok(dir) = std::env::var("SWITCHBOARD_PROVIDER_SPECS") {
        return dir.into();
    }
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .map(|a| a.join("shared/provider-specs"))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| here.join("../../../shared/provider-specs"))
}

/// A loaded OpenAPI document.
pub struct Spec {
    doc: Value,
}

impl Spec {
    /// Loads a spec from `$SWITCHBOARD_PROVIDER_SPECS/<file>`, else from the nearest
    /// `shared/provider-specs/` beside the checkout or one of its parents (`../shared/...`).
    pub fn load(file: &str) -> Spec {
        let root = specs_dir().join(file);
        let text =
            std::fs::read_to_string(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
        Spec {
            doc: serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}")),
        }
    }

    fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        let mut cur = v;
        for _ in 0..16 {
            match cur.get("$ref").and_then(Value::as_str) {
                Some(r) => {
                    let mut node = &self.doc;
                    for part in r.trim_start_matches("#/").split('/') {
                        node = &node[part];
                    }
                    cur = node;
                }
                None => break,
            }
        }
        cur
    }

    /// Problems with a request (empty when it matches). `path` is the template as in the spec.
    pub fn check_request(&self, method: &str, path: &str, body: Option<&Value>) -> Vec<String> {
        let op = &self.doc["paths"][path][method.to_lowercase()];
        if op.is_null() {
            return vec![format!("{method} {path} is not in the spec")];
        }
        let mut problems = Vec::new();
        match (body, op.get("requestBody")) {
            (Some(b), Some(rb)) => {
                let schema = &self.resolve(rb)["content"]["application/json"]["schema"];
                self.check(schema, b, "body", &mut problems);
            }
            (Some(_), None) => problems.push("the spec takes no body here".into()),
            (None, Some(rb)) if rb["required"] == true => {
                problems.push("the spec requires a body".into())
            }
            _ => {}
        }
        problems
    }

    /// Problems with a request's query string: every parameter we send must be declared for the
    /// operation, with a value of its declared type; required ones must be present.
    pub fn check_query(&self, method: &str, path: &str, query: &[(String, String)]) -> Vec<String> {
        let op = &self.doc["paths"][path][method.to_lowercase()];
        if op.is_null() {
            return vec![format!("{method} {path} is not in the spec")];
        }
        let declared: Vec<&Value> = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| self.resolve(p))
            .filter(|p| p["in"] == "query")
            .collect();
        let mut problems = Vec::new();
        for (k, v) in query {
            match declared.iter().find(|p| p["name"] == k.as_str()) {
                None => problems.push(format!("query {k}: not declared in the spec")),
                Some(p) => {
                    let value = match v.parse::<i64>() {
                        Ok(n) => Value::from(n),
                        Err(_) => match v.as_str() {
                            "true" => Value::Bool(true),
                            "false" => Value::Bool(false),
                            _ => Value::String(v.clone()),
                        },
                    };
                    let mut p2 = Vec::new();
                    self.check(&p["schema"], &value, &format!("query {k}"), &mut p2);
                    // Numbers and booleans arrive as text: accept a string where one is declared.
                    if !p2.is_empty() {
                        let mut as_text = Vec::new();
                        self.check(&p["schema"], &Value::String(v.clone()), "", &mut as_text);
                        if !as_text.is_empty() {
                            problems.extend(p2);
                        }
                    }
                }
            }
        }
        for p in declared.iter().filter(|p| p["required"] == true) {
            let name = p["name"].as_str().unwrap_or_default();
            if !query.iter().any(|(k, _)| k == name) {
                problems.push(format!("query {name}: required by the spec"));
            }
        }
        problems
    }

    /// Problems with a form-encoded body (`application/x-www-form-urlencoded`): each name must be
    /// a declared property, repeated only when the property is an array (Twilio's wire format for
    /// arrays: `StatusCallbackEvent=a&StatusCallbackEvent=b`), with values of the declared type;
    /// required properties must be present.
    pub fn check_form(&self, method: &str, path: &str, pairs: &[(String, String)]) -> Vec<String> {
        let op = &self.doc["paths"][path][method.to_lowercase()];
        if op.is_null() {
            return vec![format!("{method} {path} is not in the spec")];
        }
        let rb = match op.get("requestBody") {
            Some(rb) => self.resolve(rb),
            None if pairs.is_empty() => return vec![],
            None => return vec!["the spec takes no body here".into()],
        };
        let schema = self.resolve(&rb["content"]["application/x-www-form-urlencoded"]["schema"]);
        if schema.is_null() {
            return vec!["the spec takes no form body here".into()];
        }
        let props = schema.get("properties").and_then(Value::as_object);
        let mut problems = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (k, v) in pairs {
            let Some(p) = props.and_then(|p| p.get(k)) else {
                problems.push(format!("form {k}: not declared in the spec"));
                continue;
            };
            let p = self.resolve(p);
            let is_array = p["type"] == "array";
            if seen.contains(&k.as_str()) && !is_array {
                problems.push(format!("form {k}: repeated but not an array"));
            }
            seen.push(k);
            let item = if is_array {
                self.resolve(&p["items"])
            } else {
                p
            };
            let value = match item["type"].as_str() {
                Some("integer") => v
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or(Value::String(v.clone())),
                Some("number") => v
                    .parse::<f64>()
                    .map(Value::from)
                    .unwrap_or(Value::String(v.clone())),
                Some("boolean") => match v.as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => Value::String(v.clone()),
                },
                _ => Value::String(v.clone()),
            };
            self.check(item, &value, &format!("form {k}"), &mut problems);
        }
        for req in schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !pairs.iter().any(|(k, _)| k == req) {
                problems.push(format!("form {req}: required by the spec"));
            }
        }
        problems
    }

    fn check(&self, schema: &Value, v: &Value, at: &str, out: &mut Vec<String>) {
        let s = self.resolve(schema);
        for key in ["anyOf", "oneOf"] {
            if let Some(alts) = s.get(key).and_then(Value::as_array) {
                let ok = alts.iter().any(|alt| {
                    let mut p = Vec::new();
                    self.check(alt, v, at, &mut p);
                    p.is_empty()
                });
                if !ok {
                    out.push(format!("{at}: matches none of the {key} alternatives"));
                }
                return;
            }
        }
        if let Some(all) = s.get("allOf").and_then(Value::as_array) {
            for part in all {
                self.check(part, v, at, out);
            }
            return;
        }
        let ty = s.get("type").and_then(Value::as_str);
        let ok = match (ty, v) {
            (None, _) => true,
            (Some("null"), Value::Null) => true,
            (Some("string"), Value::String(_)) => true,
            (Some("boolean"), Value::Bool(_)) => true,
            (Some("integer"), Value::Number(n)) => n.is_i64() || n.is_u64(),
            (Some("number"), Value::Number(_)) => true,
            (Some("array"), Value::Array(_)) => true,
            (Some("object"), Value::Object(_)) => true,
            _ => false,
        };
        if !ok {
            out.push(format!("{at}: expected {}, got {v}", ty.unwrap_or("?")));
            return;
        }
        if let Some(options) = s.get("enum").and_then(Value::as_array)
            && !options.contains(v)
        {
            out.push(format!("{at}: {v} is not one of {options:?}"));
        }
        match v {
            Value::Object(map) => {
                let props = s.get("properties").and_then(Value::as_object);
                for req in s
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    if !map.contains_key(req) {
                        out.push(format!("{at}.{req}: required by the spec"));
                    }
                }
                for (k, val) in map {
                    match props.and_then(|p| p.get(k)) {
                        Some(ps) => self.check(ps, val, &format!("{at}.{k}"), out),
                        None if s
                            .get("additionalProperties")
                            .is_some_and(|a| a != &Value::Bool(false)) => {}
                        None if props.is_none() => {}
                        None => out.push(format!("{at}.{k}: not declared in the spec")),
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item_schema) = s.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.check(item_schema, item, &format!("{at}[{i}]"), out);
                    }
                }
            }
            _ => {}
        }
    }
}
