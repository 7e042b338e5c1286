package gen

// Security services: KMS, Secrets Manager and CloudTrail itself.

var trails = []string{"management-events", "org-trail", "data-events"}

func addSecurity(c *catalog) {
	kms := func(name string, read bool, req builder, errs ...apiErr) {
		c.add("kms:"+name, &api{svc: svcKMS, name: name, read: read, req: req, res: keyRes, errs: errs})
	}
	kms("Decrypt", true, decryptReq, apiErr{code: "InvalidCiphertextException", p: 0.002})
	kms("GenerateDataKey", true, func(e *ev) {
		e.key = e.kmsKey()
		e.obj().ks("keyId", e.key).ks("keySpec", "AES_256").ko("encryptionContext")
		e.bucket()
		e.k("aws:s3:arn").cat("arn:aws:s3:::", e.bkt.name).end().end()
	})
	kms("Encrypt", true, keyIDReq(`,"encryptionAlgorithm":"SYMMETRIC_DEFAULT"}`))
	kms("DescribeKey", true, keyIDReq("}"))
	kms("GetKeyPolicy", true, keyIDReq(`,"policyName":"default"}`))
	kms("GetKeyRotationStatus", true, keyIDReq("}"))
	c.add("kms:ListAliases", &api{svc: svcKMS, name: "ListAliases", read: true})
	c.add("kms:ListKeys", &api{svc: svcKMS, name: "ListKeys", read: true, reqs: []string{`{"limit":1000}`}})
	kms("ScheduleKeyDeletion", false, keyIDReq(`,"pendingWindowInDays":30}`),
		apiErr{code: "KMSInvalidStateException", msg: "Key is pending deletion.", p: 0.2})
	kms("DisableKey", false, keyIDReq("}"))
	c.apis["kms:ScheduleKeyDeletion"].resp = func(e *ev) {
		e.obj().ks("keyId", e.key).k("deletionDate").awsDate(e.t+30*86400).ks("keyState", "PendingDeletion").ki("pendingWindowInDays", 30).end()
	}
	c.add("kms:CreateKey", &api{svc: svcKMS, name: "CreateKey", reqs: []string{`{"keyUsage":"ENCRYPT_DECRYPT","keySpec":"SYMMETRIC_DEFAULT","origin":"AWS_KMS","multiRegion":false}`},
		resp: func(e *ev) {
			e.obj().ko("keyMetadata").ks("aWSAccountId", e.p.account).k("keyId").uuid().k("creationDate").awsDate(e.t).
				kb("enabled", true).ks("keyUsage", "ENCRYPT_DECRYPT").ks("keyState", "Enabled").ks("origin", "AWS_KMS").
				ks("keyManager", "CUSTOMER").ks("keySpec", "SYMMETRIC_DEFAULT").end().end()
		}})
	c.add("kms:RotateKey", &api{svc: svcKMS, name: "RotateKey", kind: kindServiceEvent, noRequestID: true, res: func(e *ev) {
		e.key = e.kmsKey()
		keyRes(e)
	}, detail: func(e *ev) { e.obj().ks("keyId", e.key[len(e.key)-36:]).end() }})

	// Secrets Manager.
	sm := func(name string, read bool, req builder, errs ...apiErr) {
		c.add("secretsmanager:"+name, &api{svc: svcSecrets, name: name, read: read, req: req, errs: errs})
	}
	notFound := apiErr{code: "ResourceNotFoundException", msg: "Secrets Manager can't find the specified secret.", p: 0.01}
	sm("GetSecretValue", true, secretReq, notFound)
	sm("DescribeSecret", true, secretReq, notFound)
	sm("GetResourcePolicy", true, secretReq)
	sm("ListSecrets", true, nil)
	c.apis["secretsmanager:ListSecrets"].reqs = []string{`null`, `{"maxResults":100}`}
	sm("PutSecretValue", false, func(e *ev) { e.obj().ks("secretId", e.one(e.g.secrets)).k("clientRequestToken").uuid().end() })
	c.apis["secretsmanager:PutSecretValue"].resp = func(e *ev) {
		e.obj().k("versionId").uuid().ka("versionStages").s("AWSCURRENT").endArr().end()
	}
	sm("RotateSecret", false, func(e *ev) { e.obj().ks("secretId", e.one(e.g.secrets)).k("clientRequestToken").uuid().end() },
		apiErr{code: "InvalidRequestException", msg: "A previous rotation isn't complete. That rotation will be reattempted.", p: 0.1})
	c.add("secretsmanager:GetSecretValue#vpce", &api{svc: svcSecrets, read: true, kind: kindNetwork, req: secretReq,
		errs: []apiErr{{code: "VpceAccessDenied", msg: "The request was denied due to a VPC endpoint policy", p: 1}}})

	// CloudTrail.
	ct := func(name string, read bool, req builder, reqs ...string) {
		c.add("cloudtrail:"+name, &api{svc: svcTrail, name: name, read: read, req: req, reqs: reqs})
	}
	ct("LookupEvents", true, nil, `{"maxResults":50}`,
		`{"maxResults":50,"lookupAttributes":[{"attributeKey":"EventName","attributeValue":"ConsoleLogin"}]}`,
		`{"lookupAttributes":[{"attributeKey":"Username","attributeValue":"bob"}],"maxResults":50}`)
	ct("DescribeTrails", true, nil, `{"includeShadowTrails":true}`, `{"trailNameList":[],"includeShadowTrails":false}`)
	ct("ListTrails", true, nil, `null`)
	ct("GetTrailStatus", true, trailReq("name"))
	ct("GetEventSelectors", true, trailReq("trailName"))
	ct("GetInsightSelectors", true, trailReq("trailName"))
	ct("ListEventDataStores", true, nil, `null`)
	c.add("cloudtrail:StartQuery", &api{svc: svcTrail, name: "StartQuery", req: func(e *ev) {
		e.obj().k("queryStatement").cat("SELECT eventSource, eventName, COUNT(*) AS apiCount FROM ", e.g.eds,
			" WHERE eventTime > '2024-01-01 00:00:00' GROUP BY eventSource, eventName ORDER BY apiCount DESC").end()
	}, resp: func(e *ev) { e.obj().k("queryId").uuid().end() },
		errs: []apiErr{{code: "MalformedQueryException", msg: "Query statement is malformed.", p: 0.05}}})
	ct("GetQueryResults", true, func(e *ev) { e.obj().ks("eventDataStore", e.g.eds).k("queryId").uuid().end() })
	ct("DescribeQuery", true, func(e *ev) { e.obj().ks("eventDataStore", e.g.eds).k("queryId").uuid().end() })
	ct("CreateTrail", false, func(e *ev) {
		e.obj().ks("name", "data-events").k("s3BucketName").cat("aws-cloudtrail-logs-", e.p.account, "-ba940dd7").
			kb("isMultiRegionTrail", true).kb("enableLogFileValidation", true).end()
	})
	c.apis["cloudtrail:CreateTrail"].errs = []apiErr{{code: "TrailAlreadyExistsException", msg: "Trail data-events already exists for customer", p: 0.4}}
	ct("UpdateTrail", false, trailReq("name"))
	c.apis["cloudtrail:UpdateTrail"].outcome = func(e *ev) {
		if e.r.intn(3) == 0 {
			e.failed, e.errCode = true, "TrailNotFoundException"
			e.msg = append(append(e.msg[:0], "Unknown trail: myTrail2 for the user: "...), e.p.account...)
		}
	}
	ct("DeleteTrail", false, trailReq("name"))
	ct("StartLogging", false, trailReq("name"))
	ct("StopLogging", false, trailReq("name"))
	ct("PutEventSelectors", false, func(e *ev) {
		e.obj().k("trailName").cat("arn:aws:cloudtrail:", e.region, ":", e.p.account, ":trail/", e.one(trails)).
			ka("eventSelectors").obj().ks("readWriteType", "All").kb("includeManagementEvents", true).ka("dataResources").endArr().end().endArr().end()
	})
}

func keyRes(e *ev) {
	e.arr()
	e.resource(e.p.account, "AWS::KMS::Key", e.key)
	e.endArr()
}

// keyIDReq writes {"keyId":<arn> followed by the pre-encoded rest of the object.
func keyIDReq(rest string) builder {
	return func(e *ev) {
		e.key = e.kmsKey()
		e.obj().ks("keyId", e.key)
		e.b = append(e.b, rest...)
	}
}

// decryptReq: most Decrypt calls name no key; the encryption context says who encrypted.
func decryptReq(e *ev) {
	e.key = e.kmsKey()
	e.obj()
	switch e.r.intn(4) {
	case 0:
		e.ks("keyId", e.key)
	case 1:
		e.ko("encryptionContext").k("aws:lambda:FunctionArn").cat("arn:aws:lambda:", e.region, ":", e.p.account, ":function:", e.function()).end()
	case 2:
		e.ko("encryptionContext").ks("SecretARN", e.one(e.g.secrets)).k("SecretVersionId").uuid().end()
	default:
		e.ko("encryptionContext").k("PARAMETER_ARN").cat("arn:aws:ssm:", e.region, ":", e.p.account, ":parameter", e.one(e.g.params)).end()
	}
	e.ks("encryptionAlgorithm", "SYMMETRIC_DEFAULT").end()
}

func secretReq(e *ev) { e.obj().ks("secretId", e.one(e.g.secrets)).end() }

func trailReq(key string) builder {
	return func(e *ev) {
		e.obj().k(key).cat("arn:aws:cloudtrail:", e.region, ":", e.p.account, ":trail/", e.one(trails)).end()
	}
}
