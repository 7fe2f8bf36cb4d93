# PowerShell completion for backrelief. Each Tab asks backrelief itself, so
# the ids of your own exercises and programs are offered too.
# Install: backrelief completions powershell >> $PROFILE
Register-ArgumentCompleter -Native -CommandName backrelief -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements |
        Where-Object { $_.Extent.StartOffset -lt $cursorPosition } |
        ForEach-Object { $_.ToString() })
    if ($wordToComplete -eq '') { $words += '' }
    $index = $words.Count - 1
    $lines = @(& backrelief __complete powershell $index -- @words 2>$null)
    if ($lines.Count -gt 0 -and $lines[0] -eq '::files') { return }
    foreach ($line in $lines) {
        if ($line -eq '') { continue }
        $parts = $line -split "`t", 2
        $value = $parts[0]
        $help = if ($parts.Count -gt 1 -and $parts[1] -ne '') { $parts[1] } else { $value }
        [System.Management.Automation.CompletionResult]::new($value, $value, 'ParameterValue', $help)
    }
}
