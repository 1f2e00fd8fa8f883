"""Receipt output devices. The PDF output lives in app/ui (it uses Qt's PDF writer)."""
