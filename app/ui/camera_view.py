"""The camera preview (Strg+J): live frames with the found code outlined, camera and resolution settings.

Capture and decoding run in the CaptureLoop's thread (app/scanning/camera.py);
this window only shows what arrives through queued signals. A code read here
goes down the same path as a wedge scan (MainWindow.camera_scan).
"""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.scanning.camera import CameraError, CaptureLoop, available_cameras, open_source
from app.ui.feedback import show_status
from app.ui.texts import describe

RESOLUTIONS = ((640, 480), (1280, 720), (1920, 1080))


class _Bridge(QObject):
    """Carries the capture thread's callbacks to the GUI thread (queued: the bridge lives there)."""

    frame = Signal(object, object)
    code = Signal(object)
    error = Signal(object)  # a Message or a text


class CameraDialog(QDialog):
    scanned = Signal(object)  # a DecodeResult, once per 1.5 s per code

    def __init__(self, parent, *, sources: list[str] | None = None, settings=None):
        """`sources`: camera specs to offer ('0', 'fake:…'); default: the cameras that open.
        `settings`: an object with get(key)/set(key, value) to remember the choice (or None)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Kamera-Scanner"))
        self.setObjectName("cameraDialog")
        self.setModal(False)
        self.resize(720, 600)
        self.settings = settings
        self.loop: CaptureLoop | None = None
        self.bridge = _Bridge(self)
        self.bridge.frame.connect(self._show_frame)
        self.bridge.code.connect(self._code)
        self.bridge.error.connect(self._error)
        self.frames_shown = 0
        self.last_results: list = []
        self.camera = QComboBox(self)
        for spec in (sources if sources is not None else [str(i) for i in available_cameras()]):
            self.camera.addItem(self.tr("Testbilder") if spec.startswith("fake:") else self.tr("Kamera {0}").format(
                spec), spec)
        self.resolution = QComboBox(self)
        for w, h in RESOLUTIONS:
            self.resolution.addItem(f"{w} × {h}", (w, h))
        self.resolution.setCurrentIndex(1)
        if settings is not None:
            i = self.camera.findData(settings.get("camera"))
            if i >= 0:
                self.camera.setCurrentIndex(i)
            j = self.resolution.findText(settings.get("camera_resolution") or "")
            if j >= 0:
                self.resolution.setCurrentIndex(j)
        self.start_button = QPushButton(self.tr("Starten"), self)
        self.start_button.clicked.connect(self.start)
        self.preview = QLabel(self)
        self.preview.setObjectName("cameraPreview")
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setMinimumSize(640, 400)
        self.preview.setStyleSheet("background: #20242b; color: #d8dde6;")
        self.preview.setText(self.tr("Kein Bild"))
        self.status = QLabel("", self)
        self.status.setObjectName("paymentStatus")
        self.status.setWordWrap(True)
        close = QPushButton(self.tr("Schließen"), self)
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(self.camera, 1)
        top.addWidget(self.resolution)
        top.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addWidget(close, 0, Qt.AlignRight)
        if self.camera.count() == 0:
            show_status(self.status, self.tr("Keine Kamera gefunden. Bitte anschließen oder den Handscanner "
                                             "benutzen."), "error")
            self.start_button.setEnabled(False)

    def start(self) -> None:
        self.stop()
        spec = self.camera.currentData()
        width, height = self.resolution.currentData()
        try:
            source = open_source(spec, width=width, height=height)
        except CameraError as exc:
            self._error(exc)
            return
        if self.settings is not None:
            self.settings.set("camera", spec)
            self.settings.set("camera_resolution", self.resolution.currentText())
        bridge = self.bridge
        self.loop = CaptureLoop(source, on_frame=lambda f, r: bridge.frame.emit(f, r), on_code=bridge.code.emit,
                                on_error=bridge.error.emit)
        self.loop.start()
        show_status(self.status, self.tr("Code vor die Kamera halten."), "info")

    def stop(self) -> None:
        if self.loop is not None:
            self.loop.stop()
            self.loop = None

    def _show_frame(self, frame: np.ndarray, results) -> None:
        self.frames_shown += 1
        self.last_results = results
        shown = frame.copy() if frame.ndim == 3 else cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
        for r in results:  # the found code, outlined in green
            if len(r.corners) >= 4:
                cv2.polylines(shown, [np.array(r.corners, np.int32)], True, (60, 200, 60), 4)
        rgb = cv2.cvtColor(shown, cv2.COLOR_BGR2RGB)
        h, w = rgb.shape[:2]
        image = QImage(rgb.data, w, h, 3 * w, QImage.Format_RGB888).copy()
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(self.preview.size(), Qt.KeepAspectRatio,
                                                               Qt.SmoothTransformation))

    def _code(self, result) -> None:
        show_status(self.status, self.tr("✓ gelesen: {0}").format(result.scan_text), "ok")
        self.scanned.emit(result)

    def _error(self, message) -> None:
        self.stop()
        show_status(self.status, describe(message), "error")

    def closeEvent(self, event) -> None:  # noqa: N802
        self.stop()
        super().closeEvent(event)
