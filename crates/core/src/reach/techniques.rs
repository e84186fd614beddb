//! The ways one principal can act as another, as one table.
//!
//! Each row names the calls the caller must be allowed to make and, for the techniques that
//! make an AWS service run code as a role, the service principal that role must trust. The
//! calls are decided by the evaluator; the table only says which calls a technique is.
//!
//! Why these rows: they are the privilege-escalation methods AWS's own guidance warns about
//! ("Granting a user permissions to pass a role to an AWS service": "a user can pass a role
//! … to a service that then uses the role's permissions"; Lambda `CreateFunction` +
//! `InvokeFunction` with `iam:PassRole`; EC2 instance profiles; Glue dev endpoints;
//! CloudFormation service roles; Data Pipeline; CodeBuild projects; SageMaker notebooks,
//! training and processing jobs), plus the credential and code changes of the same family
//! (`iam:CreateAccessKey`, login profiles, `lambda:UpdateFunctionCode`, SSM commands and
//! sessions on instances, EC2 Instance Connect, `cloudformation:UpdateStack`).

use serde::{Deserialize, Serialize};

use crate::request::ContextValue;
use crate::scenario::model::KeyValues;

/// The AWS managed policy an `Attach*Policy` change attaches.
pub const ADMIN_POLICY_ARN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

/// The context of a policy change `action` that makes an administrator: an `Attach*Policy`
/// attaches [`ADMIN_POLICY_ARN`] (`iam:PolicyARN`), other changes add nothing.
#[must_use]
pub fn change_context(action: &str) -> KeyValues<ContextValue> {
    if action.starts_with("iam:Attach") {
        KeyValues(vec![(
            "iam:PolicyARN".to_owned(),
            ContextValue::Single(ADMIN_POLICY_ARN.to_owned()),
        )])
    } else {
        KeyValues::default()
    }
}

/// What kind of edge a technique makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TechniqueKind {
    /// `sts:AssumeRole`, `AssumeRoleWithSAML` or `AssumeRoleWithWebIdentity`.
    AssumeRole,
    /// Passing a role to a new resource of a service that runs code as it.
    PassRole,
    /// Changing code that already runs as a role.
    CodeChange,
    /// Creating credentials (access keys, a console password) for another user.
    Credentials,
    /// Rewriting a role's trust policy to trust oneself.
    TrustChange,
    /// Changing permissions: a policy change that makes a principal an administrator.
    PolicyChange,
}

/// What a call of a technique acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum On {
    /// The target user or role ARN.
    Target,
    /// The resource the technique creates or changes (from [`Technique::resource`]).
    Made,
    /// `*` (the action has no resource type).
    Any,
}

/// One technique.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Technique {
    /// The kind of edge.
    pub kind: TechniqueKind,
    /// The calls, each on what it acts.
    pub calls: &'static [(&'static str, On)],
    /// For pass-role and code-change techniques: the service the role must trust.
    pub service: Option<&'static str>,
    /// The ARN of the resource the technique creates, or of an existing one of the type it
    /// changes when the scenario has none (`{account}` and `{role}` are filled in).
    pub resource: &'static str,
    /// For code changes: the part of an ARN that marks a resource of the changed type, to find
    /// existing ones among the scenario's resources.
    pub marker: &'static str,
}

impl Technique {
    /// The name shown as the hop's `via`: its calls joined by ` + `.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::reach::techniques::TECHNIQUES;
    /// assert_eq!(TECHNIQUES[1].via(), "iam:PassRole + ec2:RunInstances");
    /// ```
    #[must_use]
    pub fn via(&self) -> String {
        let calls: Vec<&str> = self.calls.iter().map(|(call, _)| *call).collect();
        calls.join(" + ")
    }
}

const fn pass(
    calls: &'static [(&'static str, On)],
    service: &'static str,
    resource: &'static str,
) -> Technique {
    Technique {
        kind: TechniqueKind::PassRole,
        calls,
        service: Some(service),
        resource,
        marker: "",
    }
}

const fn code(
    calls: &'static [(&'static str, On)],
    service: &'static str,
    resource: &'static str,
    marker: &'static str,
) -> Technique {
    Technique {
        kind: TechniqueKind::CodeChange,
        calls,
        service: Some(service),
        resource,
        marker,
    }
}

const fn target(kind: TechniqueKind, calls: &'static [(&'static str, On)]) -> Technique {
    Technique {
        kind,
        calls,
        service: None,
        resource: "",
        marker: "",
    }
}

const PASS: (&str, On) = ("iam:PassRole", On::Target);
const INSTANCE: &str = "arn:aws:ec2:us-east-1:{account}:instance/i-0{role}";

/// Every technique that is not an assume-role call, in the order edges list them.
pub const TECHNIQUES: &[Technique] = &[
    pass(
        &[
            PASS,
            ("lambda:CreateFunction", On::Made),
            ("lambda:InvokeFunction", On::Made),
        ],
        "lambda.amazonaws.com",
        "arn:aws:lambda:us-east-1:{account}:function:rolecall-new-function",
    ),
    pass(
        &[PASS, ("ec2:RunInstances", On::Made)],
        "ec2.amazonaws.com",
        "arn:aws:ec2:us-east-1:{account}:instance/i-0rolecallnew",
    ),
    pass(
        &[PASS, ("glue:CreateDevEndpoint", On::Made)],
        "glue.amazonaws.com",
        "arn:aws:glue:us-east-1:{account}:devEndpoint/rolecall-new-endpoint",
    ),
    pass(
        &[PASS, ("cloudformation:CreateStack", On::Made)],
        "cloudformation.amazonaws.com",
        "arn:aws:cloudformation:us-east-1:{account}:stack/rolecall-new-stack/0",
    ),
    pass(
        &[
            PASS,
            ("datapipeline:CreatePipeline", On::Any),
            ("datapipeline:PutPipelineDefinition", On::Made),
            ("datapipeline:ActivatePipeline", On::Made),
        ],
        "datapipeline.amazonaws.com",
        "arn:aws:datapipeline:us-east-1:{account}:pipeline/df-rolecallnew",
    ),
    pass(
        &[
            PASS,
            ("codebuild:CreateProject", On::Made),
            ("codebuild:StartBuild", On::Made),
        ],
        "codebuild.amazonaws.com",
        "arn:aws:codebuild:us-east-1:{account}:project/rolecall-new-project",
    ),
    pass(
        &[PASS, ("sagemaker:CreateNotebookInstance", On::Made)],
        "sagemaker.amazonaws.com",
        "arn:aws:sagemaker:us-east-1:{account}:notebook-instance/rolecall-new-notebook",
    ),
    pass(
        &[PASS, ("sagemaker:CreateTrainingJob", On::Made)],
        "sagemaker.amazonaws.com",
        "arn:aws:sagemaker:us-east-1:{account}:training-job/rolecall-new-job",
    ),
    pass(
        &[PASS, ("sagemaker:CreateProcessingJob", On::Made)],
        "sagemaker.amazonaws.com",
        "arn:aws:sagemaker:us-east-1:{account}:processing-job/rolecall-new-job",
    ),
    code(
        &[("lambda:UpdateFunctionCode", On::Made)],
        "lambda.amazonaws.com",
        "arn:aws:lambda:us-east-1:{account}:function:{role}-function",
        ":function:",
    ),
    code(
        &[("glue:UpdateDevEndpoint", On::Made)],
        "glue.amazonaws.com",
        "arn:aws:glue:us-east-1:{account}:devEndpoint/{role}-endpoint",
        ":devEndpoint/",
    ),
    code(
        &[("ssm:SendCommand", On::Made)],
        "ec2.amazonaws.com",
        INSTANCE,
        ":instance/",
    ),
    code(
        &[("ssm:StartSession", On::Made)],
        "ec2.amazonaws.com",
        INSTANCE,
        ":instance/",
    ),
    code(
        &[("ec2-instance-connect:SendSSHPublicKey", On::Made)],
        "ec2.amazonaws.com",
        INSTANCE,
        ":instance/",
    ),
    code(
        &[("cloudformation:UpdateStack", On::Made)],
        "cloudformation.amazonaws.com",
        "arn:aws:cloudformation:us-east-1:{account}:stack/{role}-stack/0",
        ":stack/",
    ),
    target(
        TechniqueKind::Credentials,
        &[("iam:CreateAccessKey", On::Target)],
    ),
    target(
        TechniqueKind::Credentials,
        &[("iam:CreateLoginProfile", On::Target)],
    ),
    target(
        TechniqueKind::Credentials,
        &[("iam:UpdateLoginProfile", On::Target)],
    ),
    target(
        TechniqueKind::TrustChange,
        &[("iam:UpdateAssumeRolePolicy", On::Target)],
    ),
];

/// `template` with `{account}` and `{role}` (the role's name) filled in.
#[must_use]
pub fn fill(template: &str, account: &str, role: &str) -> String {
    template
        .replace("{account}", account)
        .replace("{role}", crate::scenario::arn::name(role))
}
