//! Search and filter of the identity list, so that an imported account of 1,000 identities stays
//! usable: the list shows at most [`SHOWN_AT_MOST`] entries (the selected one always), a search
//! field narrows it by words of the ARN, the attached policies and the tags, and a kind filter
//! keeps users, groups or roles.

use rolecall_core::scenario::arn::{IdentityKind, identity_kind};
use rolecall_core::scenario::model::Identity;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::{chosen, options};

/// The most identities the sidebar lists at once.
pub const SHOWN_AT_MOST: usize = 100;

/// From how many identities on the search field is shown.
pub const SEARCH_FROM: usize = 10;

/// Which kinds of identity the list keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KindFilter {
    /// Every identity.
    #[default]
    All,
    /// Users (the core's [`identity_kind`] of the ARN).
    Users,
    /// Groups.
    Groups,
    /// Roles (and anything else that is neither a user nor a group).
    Roles,
}

impl KindFilter {
    const ALL: [(Self, &'static str, &'static str); 4] = [
        (Self::All, "all", "all kinds"),
        (Self::Users, "users", "users"),
        (Self::Groups, "groups", "groups"),
        (Self::Roles, "roles", "roles"),
    ];

    fn keeps(self, arn: &str) -> bool {
        let kind = identity_kind(arn);
        match self {
            Self::All => true,
            Self::Users => kind == Some(IdentityKind::User),
            Self::Groups => kind == Some(IdentityKind::Group),
            Self::Roles => !matches!(kind, Some(IdentityKind::User | IdentityKind::Group)),
        }
    }
}

/// The search state of the identity list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The words typed (every one must match, case-insensitively).
    pub text: String,
    /// The kind filter.
    pub kind: KindFilter,
}

/// What the list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    /// The indexes of the identities listed, in scenario order.
    pub indexes: Vec<usize>,
    /// How many identities match (listed or not).
    pub matching: usize,
}

/// The text an identity is searched in: its ARN, its attached and inline policy names, its
/// groups and its tags (`key=value`), lower-case.
fn haystack(identity: &Identity) -> String {
    let mut out = identity.arn.to_lowercase();
    for p in &identity.policies {
        out.push(' ');
        out.push_str(&p.name.to_lowercase());
        if let Some(arn) = p.document.reference_arn() {
            out.push(' ');
            out.push_str(&arn.to_lowercase());
        }
    }
    for g in &identity.groups {
        out.push(' ');
        out.push_str(&g.to_lowercase());
    }
    for (k, v) in &identity.tags.0 {
        out.push(' ');
        out.push_str(&format!("{k}={v}").to_lowercase());
    }
    out
}

/// The identities to list for `query`: those matching, at most `limit`, and the selected one
/// whatever the query (it is the one the editors show).
#[must_use]
pub fn shown(identities: &[Identity], query: &Query, selected: usize, limit: usize) -> Shown {
    let words: Vec<String> = query
        .text
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let mut out = Shown::default();
    for (i, identity) in identities.iter().enumerate() {
        let hit = query.kind.keeps(&identity.arn)
            && (words.is_empty() || {
                let hay = haystack(identity);
                words.iter().all(|w| hay.contains(w.as_str()))
            });
        if hit {
            out.matching += 1;
        }
        if (hit && out.indexes.len() < limit) || i == selected {
            out.indexes.push(i);
        }
    }
    out
}

/// Properties of [`IdentitySearch`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The query, owned by the sidebar.
    pub query: UseStateHandle<Query>,
    /// What the list shows for it.
    pub shown: usize,
    /// How many identities match.
    pub matching: usize,
    /// How many identities there are.
    pub total: usize,
}

/// The search field, the kind filter and the count of what is listed.
#[component]
pub fn IdentitySearch(props: &Props) -> Html {
    let oninput = {
        let query = props.query.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            query.set(Query {
                text,
                kind: query.kind,
            });
        })
    };
    let onchange = {
        let query = props.query.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let kind = chosen(&KindFilter::ALL, &value, KindFilter::All);
            query.set(Query {
                text: query.text.clone(),
                kind,
            });
        })
    };
    let status = if props.matching > props.shown {
        format!(
            "{} of {} matching listed (of {}): search to narrow",
            props.shown, props.matching, props.total
        )
    } else if props.matching < props.total {
        format!("{} of {} match", props.matching, props.total)
    } else {
        format!("{} identities", props.total)
    };
    html! {
        <div class="identity-search" role="search">
            <input type="search" data-testid="identity-search" value={props.query.text.clone()}
                {oninput} placeholder="Search ARN, policy, tag…" aria-label="Search identities" />
            <select data-testid="identity-kind" {onchange} aria-label="Kind of identity">
                { options(&KindFilter::ALL, props.query.kind) }
            </select>
            <span class="hint" data-testid="identity-count" aria-live="polite">{ status }</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rolecall_core::scenario::model::NamedDocument;

    fn identity(arn: &str, policy: Option<&str>) -> Identity {
        Identity {
            arn: arn.to_owned(),
            policies: policy.map(NamedDocument::reference).into_iter().collect(),
            ..Identity::default()
        }
    }

    fn many() -> Vec<Identity> {
        let mut out = Vec::new();
        for n in 0..600 {
            out.push(identity(
                &format!("arn:aws:iam::111111111111:user/user{n}"),
                None,
            ));
            out.push(identity(
                &format!("arn:aws:iam::111111111111:role/app{n}"),
                (n % 100 == 0).then_some("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"),
            ));
        }
        out
    }

    fn query(text: &str, kind: KindFilter) -> Query {
        Query {
            text: text.to_owned(),
            kind,
        }
    }

    #[test]
    fn a_large_list_is_cut_at_the_limit_and_keeps_the_selected_identity() {
        let list = many();
        let s = shown(&list, &Query::default(), 1199, SHOWN_AT_MOST);
        assert_eq!(s.matching, 1200);
        assert_eq!(s.indexes.len(), SHOWN_AT_MOST + 1);
        assert_eq!(s.indexes.last(), Some(&1199));
    }

    #[test]
    fn every_word_must_match_the_arn_policies_or_tags() {
        let list = many();
        for (text, kind, matching) in [
            ("user59", KindFilter::All, 11),
            ("USER599", KindFilter::All, 1),
            ("app1", KindFilter::All, 111),
            ("s3readonly", KindFilter::All, 6),
            ("role s3readonly", KindFilter::All, 6),
            ("user s3readonly", KindFilter::All, 0),
            ("", KindFilter::Users, 600),
            ("", KindFilter::Roles, 600),
            ("", KindFilter::Groups, 0),
            ("nothing-like-this", KindFilter::All, 0),
        ] {
            assert_eq!(
                shown(&list, &query(text, kind), 0, SHOWN_AT_MOST).matching,
                matching,
                "{text:?} {kind:?}"
            );
        }
    }
}
