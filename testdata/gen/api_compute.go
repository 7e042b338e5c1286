package gen

// Compute and databases: Lambda, DynamoDB, RDS. Lambda Invoke and DynamoDB item calls are data
// events.

var (
	dbInstances = []string{"prod-postgres-1", "prod-postgres-2", "analytics-mysql", "legacy-oracle"}
	dbClusters  = []string{"prod-aurora", "reporting-aurora"}
	runtimes    = []string{"python3.12", "nodejs20.x", "java17", "provided.al2023"}
)

func addCompute(c *catalog) {
	lambdaRead := func(name, action string, req builder, errs ...apiErr) {
		c.add("lambda:"+name, &api{svc: svcLambda, name: name, action: action, read: true, req: req, errs: errs})
	}
	rnf := apiErr{code: "ResourceNotFoundException", msg: "The resource you requested does not exist."}
	lambdaRead("ListFunctions20150331", "ListFunctions", nil)
	lambdaRead("GetFunction20150331v2", "GetFunction", functionReq)
	lambdaRead("GetFunctionConfiguration20150331v2", "GetFunctionConfiguration", functionReq)
	lambdaRead("ListEventSourceMappings20150331", "ListEventSourceMappings", nil)
	lambdaRead("ListTags20170331", "ListTags", func(e *ev) {
		e.obj().k("resource").cat("arn:aws:lambda:", e.region, ":", e.p.account, ":function:", e.function()).end()
	})
	p := rnf
	p.p = 0.4
	lambdaRead("GetPolicy20150331v2", "GetPolicy", functionReq, p)
	p.p = 0.7
	lambdaRead("GetLayerVersionPolicy20181031", "GetLayerVersionPolicy", func(e *ev) {
		e.obj().k("layerName").cat("arn:aws:lambda:", e.region, ":", e.p.account, ":layer:common-utils").ki("versionNumber", int64(1+e.r.intn(12))).end()
	}, p)
	c.add("lambda:UpdateFunctionCode20150331v2", &api{svc: svcLambda, name: "UpdateFunctionCode20150331v2", action: "UpdateFunctionCode",
		req: func(e *ev) {
			e.obj().ks("functionName", e.function()).ks("publish", "false").ks("dryRun", "false").end()
		}, resp: functionConfigResp})
	c.add("lambda:UpdateFunctionConfiguration20150331v2", &api{svc: svcLambda, name: "UpdateFunctionConfiguration20150331v2",
		action: "UpdateFunctionConfiguration", req: func(e *ev) {
			e.obj().ks("functionName", e.function()).ki("timeout", 30).ki("memorySize", 512).end()
		}, resp: functionConfigResp})
	c.add("lambda:AddPermission20150331v2", &api{svc: svcLambda, name: "AddPermission20150331v2", action: "AddPermission",
		req: func(e *ev) {
			e.obj().ks("functionName", e.function()).k("statementId").uuid().ks("action", "lambda:InvokeFunction").
				ks("principal", "s3.amazonaws.com").ks("sourceArn", "arn:aws:s3:::acme-app-assets").end()
		}, errs: []apiErr{{code: "ResourceConflictException", msg: "The statement id provided already exists. Please provide a new statement id, or remove the existing statement.", p: 0.05}}})
	c.add("lambda:CreateFunction20150331", &api{svc: svcLambda, name: "CreateFunction20150331", action: "CreateFunction",
		req: func(e *ev) {
			fn := e.function()
			e.obj().ks("functionName", fn).ks("runtime", e.one(runtimes)).k("role").cat("arn:aws:iam::", e.p.account, ":role/service-role/", fn, "-role").
				ks("handler", "app.handler").ko("code").end().ki("timeout", 30).ki("memorySize", 256).kb("publish", true).end()
		}, resp: functionConfigResp,
		errs: []apiErr{{code: "ResourceConflictException", msg: "Function already exist: orders-api", p: 0.3},
			{code: "InvalidParameterValueException", msg: "The role defined for the function cannot be assumed by Lambda.", p: 0.05}}})
	c.add("lambda:Invoke", &api{svc: svcLambda, name: "Invoke", kind: kindData, action: "InvokeFunction",
		req: func(e *ev) {
			e.obj().k("functionName").cat("arn:aws:lambda:", e.region, ":", e.p.account, ":function:", e.function())
			if e.r.intn(3) == 0 {
				e.ks("invocationType", "Event")
			}
			e.end()
		},
		extra: func(e *ev) {
			e.obj().k("functionVersion").cat("arn:aws:lambda:", e.region, ":", e.p.account, ":function:", e.name, ":$LATEST").end()
		},
		res: func(e *ev) {
			e.arr()
			e.resource(e.p.account, "AWS::Lambda::Function", "arn:aws:lambda:", e.region, ":", e.p.account, ":function:", e.name)
			e.endArr()
		},
		errs: []apiErr{{code: "TooManyRequestsException", msg: "Rate Exceeded.", p: 0.004}}})

	// DynamoDB.
	ddb := func(name string, read bool, k kind, req builder, errs ...apiErr) {
		c.add("dynamodb:"+name, &api{svc: svcDynamo, name: name, read: read, kind: k, req: req, res: tableRes, errs: errs})
	}
	c.add("dynamodb:ListTables", &api{svc: svcDynamo, name: "ListTables", read: true})
	ddb("DescribeTable", true, kindAPI, tableReq)
	ddb("DescribeContinuousBackups", true, kindAPI, tableReq)
	ddb("DescribeTimeToLive", true, kindAPI, tableReq)
	ddb("UpdateTable", false, kindAPI, func(e *ev) {
		e.obj().ks("tableName", e.table()).ks("billingMode", "PAY_PER_REQUEST").end()
	}, apiErr{code: "ValidationException", msg: "One or more parameter values were invalid: Table is already in PAY_PER_REQUEST billing mode", p: 0.2})
	ddb("GetItem", true, kindData, func(e *ev) {
		e.obj().ks("tableName", e.table()).ko("key").k("pk").chars("ORDER#", "0123456789", 8).end().kb("consistentRead", false).end()
	})
	ddb("Query", true, kindData, func(e *ev) {
		e.obj().ks("tableName", e.table()).ks("keyConditionExpression", "pk = :pk").ki("limit", 50).end()
	})
	ddb("Scan", true, kindData, func(e *ev) {
		e.obj().ks("tableName", e.table()).ki("limit", 1000).end()
	})
	ddb("PutItem", false, kindData, func(e *ev) {
		e.obj().ks("tableName", e.table()).ko("key").k("pk").chars("ORDER#", "0123456789", 8).end().end()
	})
	ddb("UpdateItem", false, kindData, func(e *ev) {
		e.obj().ks("tableName", e.table()).ko("key").k("pk").chars("ORDER#", "0123456789", 8).end().
			ks("updateExpression", "SET #s = :s").ks("conditionExpression", "attribute_exists(pk)").end()
	}, apiErr{code: "ConditionalCheckFailedException", msg: "The conditional request failed", p: 0.08})
	ddb("DeleteItem", false, kindData, func(e *ev) {
		e.obj().ks("tableName", e.table()).ko("key").k("pk").chars("SESSION#", lowerHex, 12).end().end()
	})

	// RDS.
	rds := func(name string, read bool, req builder, errs ...apiErr) {
		c.add("rds:"+name, &api{svc: svcRDS, name: name, read: read, req: req, errs: errs})
	}
	rds("DescribeDBInstances", true, nil)
	c.apis["rds:DescribeDBInstances"].reqs = []string{`null`, `{"maxRecords":100}`}
	rds("DescribeDBClusters", true, nil)
	rds("DescribeDBSnapshots", true, func(e *ev) { e.obj().ks("dBInstanceIdentifier", e.one(dbInstances)).end() })
	rds("DescribeOrderableDBInstanceOptions", true, nil)
	c.apis["rds:DescribeOrderableDBInstanceOptions"].reqs = []string{`{"engine":"postgres"}`, `{"engine":"aurora-mysql","vpc":true}`}
	rds("DescribeEvents", true, nil)
	c.apis["rds:DescribeEvents"].reqs = []string{`{"sourceType":"db-instance","duration":60}`}
	rds("CreateDBInstance", false, func(e *ev) {
		e.n = e.r.intn(6)
		e.obj().k("dBInstanceIdentifier").chars("analytics-pg-", lowerHex, 4).ki("allocatedStorage", 20).
			ks("dBInstanceClass", "db.t3.medium").ks("engine", "postgres").ks("masterUsername", "postgres").
			ks("masterUserPassword", "HIDDEN_DUE_TO_SECURITY_REASONS").kb("multiAZ", false).kb("publiclyAccessible", e.n == 0).
			kb("storageEncrypted", e.n != 1).end()
	})
	c.apis["rds:CreateDBInstance"].resp = func(e *ev) {
		e.obj().k("dBInstanceIdentifier").chars("analytics-pg-", lowerHex, 4).ks("dBInstanceClass", "db.t3.medium").
			ks("engine", "postgres").ks("dBInstanceStatus", "creating").ki("allocatedStorage", 20).ki("backupRetentionPeriod", 7).
			kb("multiAZ", false).ks("engineVersion", "16.1").kb("publiclyAccessible", e.n == 0).ks("storageType", "gp3").
			kb("storageEncrypted", e.n != 1).k("dbiResourceId").chars("db-", upperAlnum, 26).end()
	}
	rds("RebootDBInstance", false, func(e *ev) { e.obj().ks("dBInstanceIdentifier", e.one(dbInstances)).end() },
		apiErr{code: "InvalidDBInstanceState", msg: "Cannot reboot DB instance in current state", p: 0.05})
	rds("ModifyDBInstance", false, func(e *ev) {
		e.obj().ks("dBInstanceIdentifier", e.one(dbInstances)).ki("backupRetentionPeriod", 14).kb("applyImmediately", false).end()
	})
	rds("CreateDBSnapshot", false, func(e *ev) {
		e.obj().k("dBSnapshotIdentifier").chars("manual-", lowerHex, 8).ks("dBInstanceIdentifier", e.one(dbInstances)).end()
	})
	rds("FailoverDBCluster", false, func(e *ev) { e.obj().ks("dBClusterIdentifier", e.one(dbClusters)).end() })
	rds("RestoreDBClusterToPointInTime", false, func(e *ev) {
		src := e.one(dbClusters)
		e.obj().k("dBClusterIdentifier").cat(src, "-restore").ks("sourceDBClusterIdentifier", src).
			kb("useLatestRestorableTime", true).end()
	})
	rds("DeleteDBCluster", false, func(e *ev) {
		e.obj().k("dBClusterIdentifier").cat("reporting-aurora-", e.one(owners)).kb("skipFinalSnapshot", e.r.intn(3) == 0).end()
	})
}

func functionReq(e *ev) { e.obj().ks("functionName", e.function()).end() }

func functionConfigResp(e *ev) {
	e.obj().ks("functionName", e.name).k("functionArn").cat("arn:aws:lambda:", e.region, ":", e.p.account, ":function:", e.name).
		ks("runtime", e.one(runtimes)).k("role").cat("arn:aws:iam::", e.p.account, ":role/service-role/", e.name, "-role").
		ks("handler", "app.handler").ki("codeSize", int64(4096+e.r.intn(1<<22))).ki("timeout", 30).ki("memorySize", 256).
		k("codeSha256").chars("", b64Set, 43).ks("version", "$LATEST").k("revisionId").uuid().ks("state", "Active").
		ks("lastUpdateStatus", "InProgress").ks("packageType", "Zip").ka("architectures").s("x86_64").endArr().end()
}

func tableReq(e *ev) { e.obj().ks("tableName", e.table()).end() }

func tableRes(e *ev) {
	e.arr()
	e.resource(e.p.account, "AWS::DynamoDB::Table", "arn:aws:dynamodb:", e.region, ":", e.p.account, ":table/", e.name)
	e.endArr()
}
