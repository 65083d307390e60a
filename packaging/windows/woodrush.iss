; Inno Setup 6 script: installs Woodrush Attendance for the current user only, with no
; administrator rights, under %LOCALAPPDATA%\Programs\Woodrush Attendance, with a Start-menu
; shortcut and an uninstaller.
;
; The officer's data (the database, its backups and the log) lives elsewhere, in
; %LOCALAPPDATA%\Woodrush High School\Woodrush Attendance. Neither an upgrade nor the
; uninstaller touches it: the uninstaller only removes the files this installer wrote.
;
; Built by packaging\build.ps1, which passes the version and the bundle folder:
;   iscc /DAppVersion=0.1.0 /DSourceDir=..\..\dist\woodrush-attendance woodrush.iss

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\woodrush-attendance"
#endif
#define AppName "Woodrush Attendance"
#define AppPublisher "Woodrush High School"
#define AppExe "woodrush-desktop.exe"

[Setup]
; The AppId ties every release to the same installation, so installing a newer release
; upgrades in place. Never change it.
AppId={{6E0C1F7A-4B2D-4F3B-9A55-2C8E7D1B9F40}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=woodrush-attendance-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\woodrush.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "Put a shortcut on the desktop"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program's own files whole, so nothing of an older release lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; \
    Comment: "Attendance monitoring: import the register, band pupils, print letters"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; \
    Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "Open {#AppName} now"; \
    Flags: nowait postinstall skipifsilent

[Code]
function DataFolder(): String;
begin
  Result := ExpandConstant('{localappdata}\{#AppPublisher}\{#AppName}');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(DataFolder()) and
     not UninstallSilent() then
    MsgBox('{#AppName} has been removed. Your data (the database, its backups and the log) '
      + 'has been kept in:' + #13#10#13#10 + DataFolder() + #13#10#13#10
      + 'Installing {#AppName} again will open it. Delete that folder yourself only if '
      + 'the school no longer needs the records.', mbInformation, MB_OK);
end;
