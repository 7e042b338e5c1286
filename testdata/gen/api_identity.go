package gen

// Identity: IAM (global), STS, console sign-in and the IAM Identity Center portal.

var (
	managedPolicies = []string{"arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3FullAccess",
		"arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
		"arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"}
	groups       = []string{"developers", "readonly", "admins", "billing", "oncall-admin"}
	trustPolicy  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	inlinePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::acme-prod-data/*"}]}`
	roleNames    = []string{"orders-api-role", "payments-worker-role", "app-server-role", "batch-worker-role", "GitHubActionsDeployRole", "data-pipeline-role"}
)

func addIdentity(c *catalog) {
	iamRead := func(name string, req builder, reqs ...string) {
		c.add("iam:"+name, &api{svc: svcIAM, name: name, read: true, req: req, reqs: reqs})
	}
	iamRead("ListUsers", nil, `null`, `{"maxItems":100}`)
	iamRead("ListRoles", nil, `null`, `{"maxItems":1000}`)
	iamRead("ListPolicies", nil, `{"scope":"Local","onlyAttached":false,"maxItems":100}`, `{"onlyAttached":true}`)
	iamRead("ListGroups", nil, `null`)
	iamRead("GetAccountSummary", nil, `null`)
	iamRead("ListAccountAliases", nil, `null`)
	iamRead("GenerateCredentialReport", nil, `null`)
	iamRead("GetCredentialReport", nil, `null`)
	iamRead("GetAccountAuthorizationDetails", nil, `{"filter":["User","Role","Group","LocalManagedPolicy"]}`)
	iamRead("GetUser", userReq)
	iamRead("ListAccessKeys", userReq)
	iamRead("ListMFADevices", userReq)
	iamRead("ListAttachedUserPolicies", userReq)
	iamRead("ListGroupsForUser", userReq)
	iamRead("GetLoginProfile", userReq)
	iamRead("GetRole", roleReq)
	iamRead("ListAttachedRolePolicies", roleReq)
	iamRead("ListRolePolicies", roleReq)
	iamRead("ListInstanceProfilesForRole", roleReq)
	iamRead("GetPolicy", policyReq)
	iamRead("GetPolicyVersion", func(e *ev) { e.obj().ks("policyArn", e.one(managedPolicies)).ks("versionId", "v1").end() })
	c.apis["iam:GetUser"].errs = []apiErr{{code: "NoSuchEntityException", msg: "The user with name contractor-99 cannot be found.", p: 0.02}}
	c.apis["iam:GetLoginProfile"].errs = []apiErr{{code: "NoSuchEntityException", msg: "Login Profile for User svc-etl cannot be found.", p: 0.4}}
	iamRead("GetAccountPasswordPolicy", nil, `null`)
	c.apis["iam:GetAccountPasswordPolicy"].errs = []apiErr{{code: "NoSuchEntityException", msg: "The Password Policy with domain name 123456789012 cannot be found.", p: 0.3}}

	c.add("iam:CreateUser", &api{svc: svcIAM, name: "CreateUser", req: userReq, resp: func(e *ev) {
		e.obj().ko("user").ks("path", "/").ks("userName", e.name).k("userId").chars("AIDA", upperAlnum, 17).
			k("arn").cat("arn:aws:iam::", e.p.account, ":user/", e.name).k("createDate").awsDate(e.t).end().end()
	}, errs: []apiErr{{code: "EntityAlreadyExistsException", msg: "User with name contractor-01 already exists.", p: 0.08}}})
	c.add("iam:DeleteUser", &api{svc: svcIAM, name: "DeleteUser", req: userReq,
		errs: []apiErr{{code: "DeleteConflictException", msg: "Cannot delete entity, must delete login profile first.", p: 0.1}}})
	c.add("iam:AttachUserPolicy", &api{svc: svcIAM, name: "AttachUserPolicy", req: func(e *ev) {
		e.obj().ks("userName", e.one(e.p.users)).ks("policyArn", e.one(managedPolicies)).end()
	}})
	c.add("iam:DetachUserPolicy", &api{svc: svcIAM, name: "DetachUserPolicy", req: func(e *ev) {
		e.obj().ks("userName", e.one(e.p.users)).ks("policyArn", e.one(managedPolicies)).end()
	}, errs: []apiErr{{code: "NoSuchEntityException", msg: "Policy arn:aws:iam::aws:policy/ReadOnlyAccess was not found.", p: 0.05}}})
	c.add("iam:AttachRolePolicy", &api{svc: svcIAM, name: "AttachRolePolicy", req: func(e *ev) {
		e.obj().ks("roleName", e.one(roleNames)).ks("policyArn", e.one(managedPolicies)).end()
	}})
	c.add("iam:CreateAccessKey", &api{svc: svcIAM, name: "CreateAccessKey", req: userReq, resp: func(e *ev) {
		e.obj().ko("accessKey").ks("userName", e.name).k("accessKeyId").chars("AKIA", upperAlnum, 16).ks("status", "Active").
			k("createDate").awsDate(e.t).end().end()
	}, errs: []apiErr{{code: "LimitExceededException", msg: "Cannot exceed quota for AccessKeysPerUser: 2", p: 0.05}}})
	c.add("iam:DeleteAccessKey", &api{svc: svcIAM, name: "DeleteAccessKey", req: func(e *ev) {
		e.obj().ks("userName", e.one(e.p.users)).k("accessKeyId").chars("AKIA", upperAlnum, 16).end()
	}})
	c.add("iam:UpdateAccessKey", &api{svc: svcIAM, name: "UpdateAccessKey", req: func(e *ev) {
		e.obj().ks("userName", e.one(e.p.users)).k("accessKeyId").chars("AKIA", upperAlnum, 16).ks("status", "Inactive").end()
	}})
	c.add("iam:CreateLoginProfile", &api{svc: svcIAM, name: "CreateLoginProfile", req: func(e *ev) {
		e.name = e.one(e.p.users)
		e.obj().ks("userName", e.name).kb("passwordResetRequired", true).end()
	}, resp: func(e *ev) {
		e.obj().ko("loginProfile").ks("userName", e.name).k("createDate").awsDate(e.t).kb("passwordResetRequired", true).end().end()
	}})
	c.add("iam:AddUserToGroup", &api{svc: svcIAM, name: "AddUserToGroup", req: func(e *ev) {
		e.obj().ks("groupName", e.one(groups)).ks("userName", e.one(e.p.users)).end()
	}})
	c.add("iam:DeleteInstanceProfile", &api{svc: svcIAM, name: "DeleteInstanceProfile", req: func(e *ev) {
		e.obj().k("instanceProfileName").chars("eks-", lowerHex, 12).end()
	}, errs: []apiErr{{code: "NoSuchEntityException", msg: "Instance Profile eks-node cannot be found.", p: 0.15}}})
	c.add("iam:CreateRole", &api{svc: svcIAM, name: "CreateRole", req: func(e *ev) {
		e.name = e.one(roleNames)
		e.obj().ks("roleName", e.name).ks("assumeRolePolicyDocument", trustPolicy).ks("description", "Managed by Terraform").end()
	}, resp: func(e *ev) {
		e.obj().ko("role").ks("path", "/").ks("roleName", e.name).k("roleId").chars("AROA", upperAlnum, 17).k("arn").
			cat("arn:aws:iam::", e.p.account, ":role/", e.name).k("createDate").awsDate(e.t).end().end()
	}, errs: []apiErr{{code: "EntityAlreadyExistsException", msg: "Role with name orders-api-role already exists.", p: 0.2}}})
	c.add("iam:DeleteRole", &api{svc: svcIAM, name: "DeleteRole", req: roleReq,
		errs: []apiErr{{code: "DeleteConflictException", msg: "Cannot delete entity, must detach all policies first.", p: 0.3}}})
	c.add("iam:PutRolePolicy", &api{svc: svcIAM, name: "PutRolePolicy", req: func(e *ev) {
		e.obj().ks("roleName", e.one(roleNames)).ks("policyName", "inline-s3-access").ks("policyDocument", inlinePolicy).end()
	}})
	c.add("iam:UpdateAssumeRolePolicy", &api{svc: svcIAM, name: "UpdateAssumeRolePolicy", req: func(e *ev) {
		e.obj().ks("roleName", e.one(roleNames)).ks("policyDocument", trustPolicy).end()
	}})
	c.add("iam:TagRole", &api{svc: svcIAM, name: "TagRole", req: func(e *ev) {
		e.obj().ks("roleName", e.one(roleNames)).ka("tags").obj().ks("key", "Owner").ks("value", e.one(owners)).end().endArr().end()
	}})
	c.add("iam:CreatePolicy", &api{svc: svcIAM, name: "CreatePolicy", req: func(e *ev) {
		e.obj().k("policyName").chars("app-access-", lowerHex, 6).ks("policyDocument", inlinePolicy).end()
	}})

	// STS.
	c.add("sts:GetCallerIdentity", &api{svc: svcSTS, name: "GetCallerIdentity", read: true})
	c.add("sts:GetSessionToken", &api{svc: svcSTS, name: "GetSessionToken", read: true, reqs: []string{`{"durationSeconds":43200}`},
		resp: func(e *ev) { e.obj(); e.credentials(43200); e.end() }})
	c.add("sts:AssumeRole", &api{svc: svcSTS, name: "AssumeRole", read: true, req: assumeRoleReq, resp: assumeRoleResp, res: assumeRoleRes})

	// Console sign-in.
	c.add("signin:ConsoleLogin", &api{svc: svcSignin, name: "ConsoleLogin", kind: kindSignIn, noRequestID: true,
		outcome: func(e *ev) {
			if (e.a.kind == idIAMUser || e.a.kind == idRoot) && e.r.chance(e.a.loginFail) {
				e.failed = true
				e.msg = append(e.msg[:0], "Failed authentication"...)
			}
		},
		req: func(e *ev) {
			if e.home {
				e.host = append(e.host[:0], "signin.aws.amazon.com"...)
			} else {
				e.host = append(append(e.host[:0], e.region...), ".signin.aws.amazon.com"...)
			}
			e.null()
		},
		resp: func(e *ev) {
			if e.failed {
				e.b = append(e.b, `{"ConsoleLogin":"Failure"}`...)
			} else {
				e.b = append(e.b, `{"ConsoleLogin":"Success"}`...)
			}
		},
		extra: func(e *ev) {
			mfa := e.a.mfa && (e.a.kind == idIAMUser || e.a.kind == idRoot)
			e.obj().k("LoginTo").cat("https://", e.region, ".console.aws.amazon.com/console/home?region=", e.region, "&state=hashArgs%23&isauthcode=true").
				ks("MobileVersion", "No")
			switch {
			case !mfa || e.failed:
			case e.a.kind == idRoot:
				e.k("MFAIdentifier").cat("arn:aws:iam::", e.p.account, ":mfa/root-account-mfa-device")
			default:
				e.k("MFAIdentifier").cat("arn:aws:iam::", e.p.account, ":mfa/", e.a.name)
			}
			if mfa {
				e.ks("MFAUsed", "Yes")
			} else {
				e.ks("MFAUsed", "No")
			}
			e.end()
		}})

	// IAM Identity Center access portal.
	c.add("sso:Authenticate", &api{svc: svcSSO, name: "Authenticate", kind: kindServiceEvent, noRequestID: true,
		detail: func(e *ev) { e.b = append(e.b, `{"CredentialType":"PASSWORD","AuthenticationResult":"Success"}`...) }})
	c.add("sso:Federate", &api{svc: svcSSO, name: "Federate", kind: kindServiceEvent,
		detail: func(e *ev) {
			e.obj().ks("role_name", e.one([]string{"AdministratorAccess", "ReadOnlyAccess", "PowerUserAccess"})).ks("account_id", e.p.account).end()
		}})
	c.add("sso:ListAccounts", &api{svc: svcSSO, name: "ListAccounts", read: true})
	c.add("sso:GetRoleCredentials", &api{svc: svcSSO, name: "GetRoleCredentials", read: true, req: func(e *ev) {
		e.obj().ks("roleName", "AdministratorAccess").ks("accountId", e.p.account).end()
	}})
}

func userReq(e *ev) {
	e.name = e.one(e.p.users)
	e.obj().ks("userName", e.name).end()
}

func roleReq(e *ev) { e.obj().ks("roleName", e.one(roleNames)).end() }

func policyReq(e *ev) { e.obj().ks("policyArn", e.one(managedPolicies)).end() }

// credentials writes the "credentials" member of an STS response.
func (e *ev) credentials(seconds int64) {
	e.ko("credentials").k("accessKeyId").chars("ASIA", upperAlnum, 16).k("sessionToken").chars("IQoJb3JpZ2luX2VjE", b64Set, 96).
		k("expiration").awsDate(e.t + seconds).end()
}

// assumeTarget picks the role an AssumeRole call asks for, by caller.
func (e *ev) assumeTarget() (*role, string) {
	a, roles := e.a, e.p.roles
	switch a.invokedBy {
	case "lambda.amazonaws.com":
		fn := e.function()
		if ro := roles[fn+"-role"]; ro != nil {
			return ro, fn
		}
		return roles["orders-api-role"], fn
	case "ec2.amazonaws.com":
		if e.r.intn(2) == 0 {
			return roles["batch-worker-role"], "i-09f8e7d6c5b4a3921"
		}
		return roles["app-server-role"], "i-0a1b2c3d4e5f60718"
	case "config.amazonaws.com":
		return roles["AWSServiceRoleForConfig"], "AWSConfig-Describe"
	case "support.amazonaws.com":
		return roles["AWSServiceRoleForSupport"], "SupportSession"
	case "cloudtrail.amazonaws.com":
		return roles["OrganizationAccountAccessRole"], "CloudTrailLake"
	}
	if a.role != nil && a.account == e.p.account && e.r.intn(10) == 0 {
		return a.role, a.name // a role assuming itself
	}
	if a.account != e.p.account {
		if e.r.intn(2) == 0 {
			return roles["CrossAccountReadOnly"], a.name
		}
		return roles["OrganizationAccountAccessRole"], a.name
	}
	switch e.r.intn(4) {
	case 0:
		return roles["OrganizationAccountAccessRole"], a.name
	case 1:
		return roles["CrossAccountReadOnly"], a.name
	}
	return roles["Admin"], a.name
}

func assumeRoleReq(e *ev) {
	ro, session := e.assumeTarget()
	e.key, e.name = ro.arn, session
	e.inst = ro.id
	e.obj().ks("roleArn", ro.arn).ks("roleSessionName", session).ki("durationSeconds", 3600).end()
}

func assumeRoleResp(e *ev) {
	e.obj()
	e.credentials(3600)
	// The role name is the last path element of its ARN.
	roleName := e.key
	for i := len(roleName) - 1; i >= 0; i-- {
		if roleName[i] == '/' {
			roleName = roleName[i+1:]
			break
		}
	}
	e.ko("assumedRoleUser").k("assumedRoleId").cat(e.inst, ":", e.name).
		k("arn").cat("arn:aws:sts::", e.p.account, ":assumed-role/", roleName, "/", e.name).end().end()
}

func assumeRoleRes(e *ev) {
	e.arr()
	e.resource(e.p.account, "AWS::IAM::Role", e.key)
	e.endArr()
}
