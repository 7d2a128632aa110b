using Mplp.PackVerifier;

// Exit codes: 0 the pack passes, 1 it fails (each failure named), 2 bad usage or an unreadable file.
const string usage = "usage: ./mplp verify-pack FILE [--key JWK_OR_PEM]\n  FILE  a pack's zip (GET /api/v1/contexts/{id}/evidence-pack) or its unpacked directory\n  --key the instance's public key, a JWK or PEM (text or file): the signature must be made with it";
if (args is not ([_] or [_, "--key", _]) || args[0].StartsWith('-'))
{
    await Console.Error.WriteLineAsync(usage);
    return 2;
}

Verdict verdict;
try
{
    verdict = PackVerifier.Verify(args[0], args.Length == 3 ? args[2] : null);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Security.Cryptography.CryptographicException or ArgumentException)
{
    await Console.Error.WriteLineAsync($"error: cannot read {args[0]}: {e.Message}");
    return 2;
}

Console.WriteLine($"{(verdict.Passed ? "PASS" : "FAIL")} {verdict.Pack}");
foreach (var line in verdict.Failures.Select(f => f.ToString()).Concat(verdict.Notes))
{
    Console.WriteLine($"  {line}");
}

return verdict.Passed ? 0 : 1;
