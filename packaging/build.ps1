# Builds the Windows bundle, dist\woodrush-attendance\ with woodrush-desktop.exe (the window)
# and woodrush.exe (the command line), then, when Inno Setup 6 is installed, the per-user
# installer dist\woodrush-attendance-VERSION-setup.exe. Works on a clean machine with Python
# 3.11 or newer from python.org: it makes .venv and installs the project into it.
#
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1 [-NoInstaller] [-Python python]
param(
    [switch]$NoInstaller,
    [string]$Python = "py"
)
$ErrorActionPreference = "Stop"

function Invoke-Checked {
    param([string]$Program, [string[]]$Arguments)
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Program $($Arguments -join ' ') failed ($LASTEXITCODE)" }
}

$root = Split-Path -Parent $PSScriptRoot
$venvPython = Join-Path $root ".venv\Scripts\python.exe"
if (-not (Test-Path $venvPython)) {
    # The py launcher needs to be told which Python; a plain python.exe does not.
    $choose = if ($Python -eq "py") { @("-3") } else { @() }
    Invoke-Checked $Python ($choose + @("-m", "venv", (Join-Path $root ".venv")))
}
Invoke-Checked $venvPython @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
Invoke-Checked $venvPython @("-m", "pip", "install", "--quiet", "-e", "$root[packaging]")

$dist = Join-Path $root "dist"
$started = Get-Date
Invoke-Checked $venvPython @(
    "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", $dist, "--workpath", (Join-Path $root "build\pyinstaller"),
    (Join-Path $root "packaging\woodrush.spec")
)
$app = Join-Path $dist "woodrush-attendance"
$version = ((& (Join-Path $app "woodrush.exe") --version) -split " ")[1]
$bytes = (Get-ChildItem $app -Recurse -File | Measure-Object -Property Length -Sum).Sum
$seconds = [int]((Get-Date) - $started).TotalSeconds
Write-Host ("Built {0}: version {1}, {2:N0} MB unpacked, in {3} s." -f `
    $app, $version, ($bytes / 1MB), $seconds)

if ($NoInstaller) { exit 0 }
$iscc = (Get-Command "iscc.exe" -ErrorAction SilentlyContinue).Source
foreach ($candidate in @(
        "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
        "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
        "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe")) {
    if (-not $iscc -and (Test-Path $candidate)) { $iscc = $candidate }
}
if (-not $iscc) {
    Write-Host "Inno Setup 6 is not installed, so no installer was made (the bundle is ready)."
    Write-Host "Install it from https://jrsoftware.org/isdl.php and run this script again."
    exit 0
}
Invoke-Checked $iscc @(
    "/Q", "/DAppVersion=$version", "/DSourceDir=$app", "/O$dist",
    (Join-Path $root "packaging\windows\woodrush.iss")
)
Write-Host "Made $(Join-Path $dist "woodrush-attendance-$version-setup.exe")."
