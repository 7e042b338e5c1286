package gen

// Operations: CloudWatch Logs, CloudWatch (monitoring) and Systems Manager.

func addOps(c *catalog) {
	logs := func(name string, read bool, req builder, errs ...apiErr) {
		c.add("logs:"+name, &api{svc: svcLogs, name: name, read: read, req: req, errs: errs})
	}
	logs("CreateLogStream", false, func(e *ev) {
		e.obj().ks("logGroupName", e.one(e.g.logGroups)).k("logStreamName")
		e.b = append(e.b, '"')
		y, m, d := civil(e.t / 86400)
		e.b = append(append2(append(append2(append(append4(e.b, y), '/'), m), '/'), d), "/[$LATEST]"...)
		e.b = e.r.appendChars(e.b, lowerHex, 32)
		e.b = append(e.b, '"')
		e.end()
	}, apiErr{code: "ResourceAlreadyExistsException", msg: "The specified log stream already exists", p: 0.05},
		apiErr{code: "ResourceNotFoundException", msg: "The specified log group does not exist.", p: 0.03})
	logs("PutLogEvents", false, func(e *ev) {
		e.obj().ks("logGroupName", e.one(e.g.logGroups)).k("logStreamName").chars("", lowerHex, 32).end()
	})
	logs("CreateLogGroup", false, logGroupReq,
		apiErr{code: "ResourceAlreadyExistsException", msg: "The specified log group already exists", p: 0.3})
	logs("PutRetentionPolicy", false, func(e *ev) {
		e.obj().ks("logGroupName", e.one(e.g.logGroups)).ki("retentionInDays", 30).end()
	})
	logs("DeleteLogGroup", false, logGroupReq,
		apiErr{code: "ResourceNotFoundException", msg: "The specified log group does not exist.", p: 0.2})
	logs("DescribeLogGroups", true, nil)
	c.apis["logs:DescribeLogGroups"].reqs = []string{`null`, `{"logGroupNamePrefix":"/aws/lambda/"}`, `{"limit":50}`}
	logs("DescribeLogStreams", true, func(e *ev) {
		e.obj().ks("logGroupName", e.one(e.g.logGroups)).ks("orderBy", "LastEventTime").kb("descending", true).ki("limit", 50).end()
	})
	logs("FilterLogEvents", true, func(e *ev) {
		e.obj().ks("logGroupName", e.one(e.g.logGroups)).ki("startTime", (e.t-3600)*1000).ks("filterPattern", "ERROR").kb("interleaved", true).end()
	})
	logs("GetLogEvents", true, func(e *ev) {
		e.obj().ks("logGroupName", e.one(e.g.logGroups)).k("logStreamName").chars("", lowerHex, 32).kb("startFromHead", false).end()
	})
	logs("StartQuery", true, func(e *ev) {
		e.obj().ka("logGroupNames").s(e.one(e.g.logGroups)).endArr().ki("startTime", e.t-3600).ki("endTime", e.t).
			ks("queryString", "fields @timestamp, @message | filter @message like /ERROR/ | sort @timestamp desc | limit 20").end()
	})
	c.apis["logs:StartQuery"].resp = func(e *ev) { e.obj().k("queryId").uuid().end() }
	logs("GetQueryResults", true, func(e *ev) { e.obj().k("queryId").uuid().end() })

	// CloudWatch.
	cw := func(name string, read bool, req builder, reqs ...string) {
		c.add("monitoring:"+name, &api{svc: svcCW, name: name, read: read, req: req, reqs: reqs})
	}
	cw("DescribeAlarms", true, nil, `null`, `{"stateValue":"ALARM"}`, `{"alarmNames":["orders-api-errors"]}`, `{"maxRecords":100}`)
	cw("GetMetricData", true, func(e *ev) {
		e.obj().ka("metricDataQueries").obj().ks("id", "m1").ko("metricStat").ko("metric").ks("namespace", "AWS/EC2").
			ks("metricName", "CPUUtilization").ka("dimensions").obj().ks("name", "InstanceId").ks("value", e.instance()).end().endArr().
			end().ki("period", 300).ks("stat", "Average").end().kb("returnData", true).end().endArr().
			k("startTime").ts(e.t - 10800).k("endTime").ts(e.t).end()
	})
	cw("GetMetricStatistics", true, func(e *ev) {
		e.obj().ks("namespace", "AWS/Lambda").ks("metricName", "Errors").ka("dimensions").obj().ks("name", "FunctionName").
			ks("value", e.function()).end().endArr().k("startTime").ts(e.t-3600).k("endTime").ts(e.t).ki("period", 60).
			ka("statistics").s("Sum").endArr().end()
	})
	cw("ListMetrics", true, nil, `{"namespace":"AWS/Lambda"}`, `{"namespace":"AWS/EC2","metricName":"CPUUtilization"}`, `null`)
	cw("DescribeAlarmHistory", true, nil, `{"historyItemType":"StateUpdate","maxRecords":100}`)
	cw("PutMetricAlarm", false, func(e *ev) {
		inst := e.instance()
		e.obj().k("alarmName").cat("HighCPU-", inst).ka("alarmActions").cat("arn:aws:sns:", e.region, ":", e.p.account, ":ops-alerts").endArr().
			ks("metricName", "CPUUtilization").ks("namespace", "AWS/EC2").ks("statistic", "Average").ka("dimensions").obj().
			ks("name", "InstanceId").ks("value", inst).end().endArr().ki("period", 300).ki("evaluationPeriods", 2).
			k("threshold").f(80).ks("comparisonOperator", "GreaterThanThreshold").end()
	})
	cw("DeleteAlarms", false, func(e *ev) {
		e.obj().ka("alarmNames").cat("HighCPU-", e.instance()).endArr().end()
	})
	c.apis["monitoring:DeleteAlarms"].errs = []apiErr{{code: "ResourceNotFound", msg: "The following alarms could not be found: [HighCPU-old]", p: 0.05}}

	// Systems Manager.
	ssm := func(name string, read bool, req builder, errs ...apiErr) {
		c.add("ssm:"+name, &api{svc: svcSSM, name: name, read: read, req: req, errs: errs})
	}
	ssm("GetParameter", true, func(e *ev) { e.obj().ks("name", e.one(e.g.params)).kb("withDecryption", true).end() },
		apiErr{code: "ParameterNotFound", p: 0.04})
	ssm("GetParameters", true, func(e *ev) {
		e.obj().ka("names").s(e.one(e.g.params)).s(e.one(e.g.params)).endArr().kb("withDecryption", true).end()
	})
	ssm("GetParametersByPath", true, nil)
	c.apis["ssm:GetParametersByPath"].reqs = []string{`{"path":"/prod/","recursive":true,"withDecryption":true}`, `{"path":"/shared/","recursive":false}`}
	ssm("DescribeParameters", true, nil)
	c.apis["ssm:DescribeParameters"].reqs = []string{`{"maxResults":50}`, `null`}
	ssm("PutParameter", false, func(e *ev) {
		e.obj().ks("name", e.one(e.g.params)).ks("type", "SecureString").kb("overwrite", true).ks("keyId", "alias/aws/ssm").ks("tier", "Standard").end()
	}, apiErr{code: "ParameterAlreadyExists", msg: "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.", p: 0.03})
	c.apis["ssm:PutParameter"].resp = func(e *ev) { e.obj().ki("version", int64(1+e.r.intn(40))).ks("tier", "Standard").end() }
	ssm("DeleteParameter", false, func(e *ev) { e.obj().ks("name", e.one(e.g.params)).end() }, apiErr{code: "ParameterNotFound", p: 0.1})
	ssm("ListTagsForResource", true, func(e *ev) {
		e.obj().ks("resourceType", "Parameter").ks("resourceId", e.one(e.g.params)).end()
	})
	ssm("DescribeInstanceInformation", true, nil)
	c.apis["ssm:DescribeInstanceInformation"].reqs = []string{`{"maxResults":50}`, `{"instanceInformationFilterList":[],"filters":[{"key":"PingStatus","values":["Online"]}]}`}
	ssm("UpdateInstanceInformation", false, func(e *ev) {
		e.obj().ks("instanceId", e.instance()).ks("agentVersion", "3.2.1542.0").ks("agentStatus", "Active").ks("platformType", "Linux").
			ks("platformName", "Amazon Linux").ks("platformVersion", "2023").ks("iPAddress", "10.0.12.31").
			ks("computerName", "ip-10-0-12-31.ec2.internal").ks("agentName", "amazon-ssm-agent").ks("availabilityZone", e.one(e.g.azs)).end()
	})
	ssm("ListInstanceAssociations", true, func(e *ev) { e.obj().ks("instanceId", e.instance()).ki("maxResults", 20).end() })
	ssm("ListAssociations", true, nil)
	c.apis["ssm:ListAssociations"].reqs = []string{`{"associationFilterList":[],"maxResults":50}`}
	ssm("DescribeAssociation", true, func(e *ev) { e.obj().k("associationId").uuid().end() })
	ssm("ListComplianceItems", true, func(e *ev) {
		e.obj().ka("resourceIds").s(e.instance()).endArr().ka("resourceTypes").s("ManagedInstance").endArr().end()
	})
	ssm("SendCommand", false, func(e *ev) {
		e.obj().ka("instanceIds").s(e.instance()).endArr().ks("documentName", "AWS-RunShellScript").
			ks("parameters", "HIDDEN_DUE_TO_SECURITY_REASONS").kb("interactive", false).end()
	})
	ssm("StartSession", false, func(e *ev) { e.obj().ks("target", e.instance()).end() })
	c.apis["ssm:StartSession"].resp = func(e *ev) {
		e.obj().k("sessionId").chars(e.a.name+"-0", lowerHex, 16).ks("tokenValue", "Value hidden due to security reasons.").
			k("streamUrl").chars("wss://ssmmessages."+e.region+".amazonaws.com/v1/data-channel/", lowerHex, 17).end()
	}
}

func logGroupReq(e *ev) {
	e.obj().k("logGroupName").cat("/aws/lambda/", e.function()).end()
}
