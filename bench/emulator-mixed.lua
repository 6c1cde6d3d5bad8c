-- Alternates SubmitJob and DescribeJobs (of the ids returned by this connection's recent submissions).
local auth = "AWS4-HMAC-SHA256 Credential=bench/20261121/us-east-1/batch/aws4_request, SignedHeaders=host, Signature=0"
local n = 0
local recent = {}
request = function()
  n = n + 1
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = auth }
  if n % 2 == 1 or #recent == 0 then
    return wrk.format("POST", "/v1/submitjob", headers,
      '{"jobName":"bench","jobQueue":"' .. queue .. '","jobDefinition":"bench"}')
  end
  return wrk.format("POST", "/v1/describejobs", headers, '{"jobs":["' .. table.concat(recent, '","') .. '"]}')
end
response = function(status, headers, body)
  local id = string.match(body, '"jobId"%s*:%s*"([^"]+)"')
  if id and not string.find(body, '"jobs"') then
    table.insert(recent, id)
    if #recent > 10 then table.remove(recent, 1) end
  end
end
init = function(args) queue = args[1] or "wdl-tasks" end
